package org.drgrade.synth;

/**
 * The joint distribution P[left][right] of the two eyes' grades of one patient.
 *
 * <p>Why this form: the two eyes of a diabetic patient usually share a grade, and when they differ
 * they differ by little. We model P[i][j] = x[i] * x[j] * K(|i - j|), a distance kernel K scaled
 * per grade by x. For a given kernel, iterative proportional fitting (Sinkhorn) finds the x that
 * give the wanted marginal; the table is symmetric because K is. The kernel has three free weights
 * (distance 1, distance 2, distance 3 and 4; distance 0 is fixed at 1 since only ratios matter),
 * and three agreement rates to hit, so an outer fixed-point loop rescales each weight by target /
 * achieved rate for its distance until all three rates come out.
 */
public record JointGradeTable(double[][] probabilities) {
  /**
   * Kaggle train-set class prior, grades 0..4: the counts 25,810 / 2,443 / 5,292 / 873 / 708 of
   * docs/method.md over 35,126 (73.5 / 7.0 / 15.1 / 2.5 / 2.0 %; the rounded percentages sum to
   * 100.1).
   */
  public static final double[] KAGGLE_PRIOR = {
    25810 / 35126.0, 2443 / 35126.0, 5292 / 35126.0, 873 / 35126.0, 708 / 35126.0
  };

  /**
   * Fractions of patients whose eyes' grades differ by 0, by at most 1, by at most 2
   * (docs/method.md).
   */
  public static final double[] KAGGLE_WITHIN = {0.872, 0.957, 0.998};

  public static final int GRADES = 5;

  /** The table matching the Kaggle prior and eye agreement. */
  public static JointGradeTable kaggle() {
    return fit(KAGGLE_PRIOR, KAGGLE_WITHIN);
  }

  /**
   * Fits the kernel weights so that P(|d| = 0), P(|d| <= 1), P(|d| <= 2) equal {@code within} while
   * both marginals equal {@code prior}.
   */
  public static JointGradeTable fit(double[] prior, double[] within) {
    double[] target = {within[0], within[1] - within[0], within[2] - within[1], 1 - within[2]};
    double[] weight = {1, 0.1, 0.05, 0.005};
    double[][] table = scaleToMarginal(weight, prior);
    for (int round = 0; round < 500; round++) {
      double[] achieved = distanceMass(table);
      for (int d = 1; d < weight.length; d++) {
        weight[d] *= target[d] / achieved[d];
      }
      table = scaleToMarginal(weight, prior);
    }
    return new JointGradeTable(table);
  }

  /** Sinkhorn: alternately rescale rows and columns of the kernel until both sum to the prior. */
  private static double[][] scaleToMarginal(double[] weight, double[] prior) {
    double[][] p = new double[GRADES][GRADES];
    for (int i = 0; i < GRADES; i++) {
      for (int j = 0; j < GRADES; j++) {
        p[i][j] = weight[Math.min(Math.abs(i - j), weight.length - 1)];
      }
    }
    for (int sweep = 0; sweep < 200; sweep++) {
      for (int i = 0; i < GRADES; i++) {
        double row = 0;
        for (int j = 0; j < GRADES; j++) row += p[i][j];
        for (int j = 0; j < GRADES; j++) p[i][j] *= prior[i] / row;
      }
      for (int j = 0; j < GRADES; j++) {
        double col = 0;
        for (int i = 0; i < GRADES; i++) col += p[i][j];
        for (int i = 0; i < GRADES; i++) p[i][j] *= prior[j] / col;
      }
    }
    return p;
  }

  /** Probability mass at grade distance 0, 1, 2 and 3-or-more. */
  private static double[] distanceMass(double[][] p) {
    double[] mass = new double[4];
    for (int i = 0; i < GRADES; i++) {
      for (int j = 0; j < GRADES; j++) {
        mass[Math.min(Math.abs(i - j), 3)] += p[i][j];
      }
    }
    return mass;
  }

  /** Marginal probability of each grade (rows; equal to the columns' by symmetry). */
  public double[] marginal() {
    double[] m = new double[GRADES];
    for (int i = 0; i < GRADES; i++) {
      for (int j = 0; j < GRADES; j++) m[i] += probabilities[i][j];
    }
    return m;
  }

  /** Probability that the two grades differ by at most {@code distance}. */
  public double within(int distance) {
    double[] mass = distanceMass(probabilities);
    double sum = 0;
    for (int d = 0; d <= Math.min(distance, 3); d++) sum += mass[d];
    return sum;
  }
}
