package org.drgrade.grading;

/**
 * The deepsense expected-kappa proxy (docs/method.md, Decision rules), assuming true grades are
 * drawn from P: TSE = sum_n sum_k P[n][k] (y_n - k)^2, ESE = (1/N) sum_i sum_j h_pred[i] h_true[j]
 * (i-j)^2, proxy = 1 - TSE / ESE. The 1/16 kappa weights cancel in the ratio.
 *
 * <p>Both sums split per image: TSE = sum_n a_n(y_n) and N * ESE = sum_n b(y_n), with a_n(c) =
 * {@link #expectedSquaredError} and b(c) = {@link #randomAnswerCosts}[c]. The incremental state and
 * the exact optimiser are built on that split.
 */
public final class ExpectedKappaProxy {
  private ExpectedKappaProxy() {}

  /** The proxy from scratch, O(N); undefined when N = 0 or ESE = 0. */
  public static MetricValue of(double[][] p, int[] labels) {
    GradeDistributions.requireValid(p);
    if (p.length != labels.length) {
      throw new IllegalArgumentException(
          p.length + " distributions but " + labels.length + " labels");
    }
    double[] b = randomAnswerCosts(GradeDistributions.expectedTrueHistogram(p));
    double tse = 0;
    double nTimesEse = 0;
    for (int n = 0; n < p.length; n++) {
      int c = Grades.requireValid(labels[n]);
      tse += expectedSquaredError(p[n], c);
      nTimesEse += b[c];
    }
    return fromSums(tse, nTimesEse, p.length);
  }

  /** proxy = 1 - TSE / ESE = 1 - N * TSE / (N * ESE), with the undefined cases named. */
  static MetricValue fromSums(double tse, double nTimesEse, int images) {
    if (images == 0) {
      return MetricValue.undefined("no images");
    }
    if (nTimesEse == 0) {
      return MetricValue.undefined(
          "expected squared error of a random answer is 0: "
              + "P puts all mass on one grade and every label equals it");
    }
    return MetricValue.of(1 - images * tse / nTimesEse);
  }

  /** a_n(c) = sum_k P[n][k] (c - k)^2: expected squared error of labelling this image c. */
  public static double expectedSquaredError(double[] row, int label) {
    double s = 0;
    for (int k = 0; k < Grades.COUNT; k++) {
      int d = label - k;
      s += row[k] * d * d;
    }
    return s;
  }

  /** b(c) = sum_j h_true[j] (c - j)^2: each image labelled c adds b(c) to N * ESE. */
  public static double[] randomAnswerCosts(double[] expectedTrueHistogram) {
    double[] b = new double[Grades.COUNT];
    for (int c = 0; c < Grades.COUNT; c++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        b[c] += expectedTrueHistogram[j] * (c - j) * (c - j);
      }
    }
    return b;
  }
}
