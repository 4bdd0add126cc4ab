package org.drgrade.grading;

/**
 * Kaggle's multiclass log-loss: the mean of -ln p[true grade], each probability clipped to [1e-15,
 * 1].
 */
public final class LogLoss {
  /** Kaggle's clip: one confidently wrong image costs at most -ln(1e-15) = 34.5, not infinity. */
  public static final double MIN_PROBABILITY = 1e-15;

  private LogLoss() {}

  /** One image's term, -ln max(p, 1e-15), where p is the probability given to the true grade. */
  public static double term(double probabilityOfTruth) {
    return -Math.log(Math.max(probabilityOfTruth, MIN_PROBABILITY));
  }

  /** The mean term over images; NaN for no images. */
  public static double mean(double[][] p, int[] truth) {
    if (truth.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int n = 0; n < truth.length; n++) {
      sum += term(p[n][truth[n]]);
    }
    return sum / truth.length;
  }
}
