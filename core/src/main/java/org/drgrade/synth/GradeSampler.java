package org.drgrade.synth;

import java.util.SplittableRandom;

/**
 * Draws a patient's (left, right) grades from a {@link JointGradeTable}. Each patient has its own
 * stream derived from (seed, patient index), so patient i's grades never depend on the others'.
 */
public final class GradeSampler {
  private final double[] cumulative = new double[JointGradeTable.GRADES * JointGradeTable.GRADES];

  public GradeSampler(JointGradeTable table) {
    double sum = 0;
    for (int cell = 0; cell < cumulative.length; cell++) {
      sum += table.probabilities()[cell / JointGradeTable.GRADES][cell % JointGradeTable.GRADES];
      cumulative[cell] = sum;
    }
  }

  /** A sampler for the Kaggle prior and eye agreement. */
  public static GradeSampler kaggle() {
    return new GradeSampler(JointGradeTable.kaggle());
  }

  public GradePair sample(long seed, long patientIndex) {
    SplittableRandom random = Seeds.stream(seed, Seeds.GRADES, patientIndex);
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    int cell = 0;
    while (cell < cumulative.length - 1 && u >= cumulative[cell]) cell++;
    return new GradePair(cell / JointGradeTable.GRADES, cell % JointGradeTable.GRADES);
  }
}
