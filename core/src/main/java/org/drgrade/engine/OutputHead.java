package org.drgrade.engine;

import java.util.Arrays;
import org.drgrade.grading.RegressedGrade;

/**
 * The grading network's last layer and loss ({@code drgrade.train.head}). {@link #SOFTMAX} is the
 * reference: FC2 of 5 units under softmax and multiclass log-loss. {@link #REGRESSION} is what the
 * top Kaggle-2015 and APTOS-2019 teams preferred: FC2 of 1 unit, the grade itself, under squared
 * error, so a 3 predicted for a 4 costs less than a 0 would; its output becomes p0..p4 through
 * {@link RegressedGrade}, and the kappa-tuned cut-points of decide turn it into grades.
 */
public enum OutputHead {
  SOFTMAX("softmax", NetworkSpec.CLASSES),
  REGRESSION("regression", 1);

  private final String id;
  private final int outputs;

  OutputHead(String id, int outputs) {
    this.id = id;
    this.outputs = outputs;
  }

  /** The name in config. */
  public String id() {
    return id;
  }

  /** Units of the last layer (FC2). */
  public int outputs() {
    return outputs;
  }

  public static OutputHead of(String id) {
    return Arrays.stream(values())
        .filter(h -> h.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown head '"
                        + id
                        + "'; known: "
                        + Arrays.stream(values()).map(OutputHead::id).toList()));
  }

  /** The head of a network whose last layer has {@code units} outputs. */
  public static OutputHead ofOutputs(long units) {
    return Arrays.stream(values())
        .filter(h -> h.outputs == units)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no head has " + units + " output units"));
  }

  /** Grade distributions [N][5] from a regression head's outputs, one regressed grade each. */
  public static float[][] regressedDistributions(float[] grades) {
    float[][] out = new float[grades.length][];
    for (int n = 0; n < grades.length; n++) {
      out[n] = RegressedGrade.distribution(grades[n]);
    }
    return out;
  }
}
