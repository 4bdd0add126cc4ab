package org.drgrade.grading;

/** Checks and summaries of the predicted distributions P[n][k], one row of 5 per image. */
public final class GradeDistributions {
  /** Softmax outputs averaged in float precision sum to 1 only up to rounding. */
  private static final double ROW_SUM_TOLERANCE = 1e-6;

  private GradeDistributions() {}

  /** Throws unless every row has 5 finite non-negative entries summing to 1. */
  public static double[][] requireValid(double[][] p) {
    for (int n = 0; n < p.length; n++) {
      double[] row = p[n];
      if (row.length != Grades.COUNT) {
        throw new IllegalArgumentException(
            "row " + n + " has " + row.length + " entries, expected " + Grades.COUNT);
      }
      double sum = 0;
      for (double v : row) {
        if (!(v >= 0) || !Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "row " + n + " has a negative or non-finite entry " + v);
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
        throw new IllegalArgumentException("row " + n + " sums to " + sum + ", not 1");
      }
    }
    return p;
  }

  /** e_n = sum_k k P[n][k]. */
  public static double expectedGrade(double[] row) {
    double e = 0;
    for (int k = 0; k < Grades.COUNT; k++) {
      e += k * row[k];
    }
    return e;
  }

  public static double[] expectedGrades(double[][] p) {
    double[] e = new double[p.length];
    for (int n = 0; n < p.length; n++) {
      e[n] = expectedGrade(p[n]);
    }
    return e;
  }

  /** h_true[j] = sum_n P[n][j]: the grade histogram expected if truth is drawn from P. */
  public static double[] expectedTrueHistogram(double[][] p) {
    double[] h = new double[Grades.COUNT];
    for (double[] row : p) {
      for (int k = 0; k < Grades.COUNT; k++) {
        h[k] += row[k];
      }
    }
    return h;
  }

  /** Per-image score for referable DR: P(grade >= 2). */
  public static double referableProbability(double[] row) {
    double s = 0;
    for (int k = Grades.REFERABLE_MIN; k < Grades.COUNT; k++) {
      s += row[k];
    }
    return s;
  }
}
