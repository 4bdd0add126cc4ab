package org.drgrade.grading;

/**
 * Quadratic weighted kappa exactly as Kaggle scored it, over the 5 fixed grades: W[i][j] =
 * (i-j)^2/16, E = outer(hist_true, hist_pred)/N, kappa = 1 - sum(W*O)/sum(W*E). The weights never
 * depend on which grades occur, so a grade missing from both vectors still counts in the
 * denominator (libraries that build weights from present labels differ).
 */
public final class QuadraticWeightedKappa {
  private static final double MAX_SQUARED_DISTANCE = (Grades.COUNT - 1) * (Grades.COUNT - 1);

  private QuadraticWeightedKappa() {}

  public static double weight(int trueGrade, int predictedGrade) {
    int d = trueGrade - predictedGrade;
    return d * d / MAX_SQUARED_DISTANCE;
  }

  /** Kappa of a 5x5 confusion matrix (rows true, columns predicted). */
  public static MetricValue of(long[][] confusion) {
    long[] trueHist = new long[Grades.COUNT];
    long[] predHist = new long[Grades.COUNT];
    long n = 0;
    for (int i = 0; i < Grades.COUNT; i++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        trueHist[i] += confusion[i][j];
        predHist[j] += confusion[i][j];
        n += confusion[i][j];
      }
    }
    if (n == 0) {
      return MetricValue.undefined("no images");
    }
    double observed = 0;
    double expected = 0;
    for (int i = 0; i < Grades.COUNT; i++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        double w = weight(i, j);
        observed += w * confusion[i][j];
        // Divide per cell, not at the end, so the products stay well inside double range.
        expected += w * ((double) trueHist[i] * predHist[j] / n);
      }
    }
    if (expected == 0) {
      return MetricValue.undefined(
          "no expected disagreement: truth and prediction each use a single, identical grade");
    }
    return MetricValue.of(1 - observed / expected);
  }
}
