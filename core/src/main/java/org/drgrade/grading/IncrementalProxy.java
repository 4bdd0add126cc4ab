package org.drgrade.grading;

/**
 * The expected-kappa proxy of a labelling, kept up to date as single labels change. h_true is fixed
 * by P, so b(c) is computed once; a move of image n from c to c' changes TSE by a_n(c') - a_n(c)
 * (O(5)) and h_pred by one count, and N * ESE = sum_c h_pred[c] b(c) is re-summed over the 5 grades
 * from the integer histogram, so it never drifts. Requires b(c) > 0 for every c (P not all on one
 * grade), so the proxy is always defined.
 */
public final class IncrementalProxy {
  private final double[][] p;
  private final int[] labels;
  private final double[] randomAnswerCosts;
  private final long[] predictedHistogram = new long[Grades.COUNT];
  private double totalSquaredError;

  public IncrementalProxy(double[][] p, int[] startLabels) {
    this.p = GradeDistributions.requireValid(p);
    if (p.length == 0 || p.length != startLabels.length) {
      throw new IllegalArgumentException(
          "need one start label per image and at least one image, got "
              + startLabels.length
              + " labels for "
              + p.length
              + " images");
    }
    this.randomAnswerCosts =
        ExpectedKappaProxy.randomAnswerCosts(GradeDistributions.expectedTrueHistogram(p));
    for (double b : randomAnswerCosts) {
      if (b <= 0) {
        throw new IllegalArgumentException(
            "P puts all mass on one grade: the proxy is 0 or undefined for every labelling");
      }
    }
    this.labels = startLabels.clone();
    for (int n = 0; n < p.length; n++) {
      int c = Grades.requireValid(labels[n]);
      predictedHistogram[c]++;
      totalSquaredError += ExpectedKappaProxy.expectedSquaredError(p[n], c);
    }
  }

  public int size() {
    return labels.length;
  }

  public int label(int image) {
    return labels[image];
  }

  public int[] labels() {
    return labels.clone();
  }

  public double proxy() {
    return proxyOf(totalSquaredError, randomAnswerSum(predictedHistogram));
  }

  /** The proxy if image {@code image} were relabelled {@code newLabel}, without changing state. */
  public double proxyAfterMove(int image, int newLabel) {
    int old = labels[image];
    double tse =
        totalSquaredError
            - ExpectedKappaProxy.expectedSquaredError(p[image], old)
            + ExpectedKappaProxy.expectedSquaredError(p[image], newLabel);
    double nTimesEse =
        randomAnswerSum(predictedHistogram) - randomAnswerCosts[old] + randomAnswerCosts[newLabel];
    return proxyOf(tse, nTimesEse);
  }

  public void move(int image, int newLabel) {
    int old = labels[image];
    totalSquaredError +=
        ExpectedKappaProxy.expectedSquaredError(p[image], Grades.requireValid(newLabel))
            - ExpectedKappaProxy.expectedSquaredError(p[image], old);
    predictedHistogram[old]--;
    predictedHistogram[newLabel]++;
    labels[image] = newLabel;
  }

  private double randomAnswerSum(long[] histogram) {
    double s = 0;
    for (int c = 0; c < Grades.COUNT; c++) {
      s += histogram[c] * randomAnswerCosts[c];
    }
    return s;
  }

  private double proxyOf(double tse, double nTimesEse) {
    return 1 - labels.length * tse / nTimesEse;
  }
}
