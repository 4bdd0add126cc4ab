package org.drgrade.blend;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.drgrade.synth.SyntheticDistributions;

/**
 * Validation patients whose eyes share a severity, as in docs/method.md: the patient's grade s
 * comes from the Kaggle prior, one eye (chosen at random) has grade s and the other keeps s 87.2 %
 * of the time and is otherwise one grade away. Each eye's prediction is a noisy softmax around its
 * own grade, so the other eye carries real, but partial, information.
 */
final class SyntheticPatients {
  /** Kaggle train grades 0..4: 73.5 / 7.0 / 15.1 / 2.5 / 2.0 %. */
  static final double[] KAGGLE_PRIOR = {0.735, 0.070, 0.151, 0.025, 0.020};

  /** Share of patients whose two eyes have the same grade. */
  static final double SAME_GRADE = 0.872;

  /** Spread of the severity the model perceives around an eye's grade. */
  static final double PERCEPTION_NOISE = 0.9;

  /** Width of the model's belief around the perceived severity. */
  static final double BELIEF_WIDTH = 0.8;

  /** Per-logit noise, so rows are not all the same shape. */
  static final double LOGIT_NOISE = 0.3;

  private SyntheticPatients() {}

  /** {@code oneEyed} of the patients (the first ones) have a left eye only. */
  static List<EyePair> generate(int patients, int oneEyed, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<EyePair> out = new ArrayList<>(patients);
    for (int i = 0; i < patients; i++) {
      int severity = SyntheticDistributions.draw(KAGGLE_PRIOR, random.nextDouble());
      int first = severity;
      int second = severity;
      if (random.nextDouble() >= SAME_GRADE) {
        boolean up = severity == 0 || (severity < 4 && random.nextBoolean());
        second = up ? severity + 1 : severity - 1;
      }
      boolean swap = random.nextBoolean();
      int left = swap ? second : first;
      int right = swap ? first : second;
      String id = "p" + i;
      if (i < oneEyed) {
        out.add(new EyePair(id, prediction(left, random), null, left, null));
      } else {
        out.add(new EyePair(id, prediction(left, random), prediction(right, random), left, right));
      }
    }
    return out;
  }

  private static double[] prediction(int grade, SplittableRandom random) {
    double perceived = grade + PERCEPTION_NOISE * random.nextGaussian();
    double[] p = new double[5];
    double sum = 0;
    for (int k = 0; k < 5; k++) {
      double distance = (k - perceived) / BELIEF_WIDTH;
      p[k] =
          Math.exp(
              Math.log(KAGGLE_PRIOR[k])
                  - distance * distance / 2
                  + LOGIT_NOISE * random.nextGaussian());
      sum += p[k];
    }
    for (int k = 0; k < 5; k++) {
      p[k] /= sum;
    }
    return p;
  }
}
