package org.drgrade.synth;

import java.util.SplittableRandom;
import org.drgrade.grading.Grades;

/**
 * Synthetic model outputs shaped like the Kaggle test set: a true grade from the Kaggle prior, a
 * noisy perceived severity around it, and a softmax that mixes the prior with closeness to that
 * severity. Truth for kappa is then drawn from each row, so P is calibrated and the proxy estimates
 * the expected kappa. Used by the decide benchmark and by the decide tests as the "skewed" case.
 */
public record SyntheticDistributions(double[][] p, int[] truth) {
  /** Kaggle train grades 0..4: 73.5 / 7.0 / 15.1 / 2.5 / 2.0 %. */
  public static final double[] KAGGLE_PRIOR = {0.735, 0.070, 0.151, 0.025, 0.020};

  /** Spread of the perceived severity around the true grade. */
  static final double SEVERITY_NOISE = 0.6;

  /** Width of the model's belief around the perceived severity. */
  static final double BELIEF_WIDTH = 0.8;

  /** Per-logit noise, so rows are not all the same shape. */
  static final double LOGIT_NOISE = 0.3;

  public static SyntheticDistributions generate(int images, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] p = new double[images][Grades.COUNT];
    int[] truth = new int[images];
    for (int n = 0; n < images; n++) {
      double severity =
          draw(KAGGLE_PRIOR, random.nextDouble()) + SEVERITY_NOISE * random.nextGaussian();
      double sum = 0;
      for (int k = 0; k < Grades.COUNT; k++) {
        double distance = (k - severity) / BELIEF_WIDTH;
        p[n][k] =
            Math.exp(
                Math.log(KAGGLE_PRIOR[k])
                    - distance * distance / 2
                    + LOGIT_NOISE * random.nextGaussian());
        sum += p[n][k];
      }
      for (int k = 0; k < Grades.COUNT; k++) {
        p[n][k] /= sum;
      }
      truth[n] = draw(p[n], random.nextDouble());
    }
    return new SyntheticDistributions(p, truth);
  }

  /** The class whose cumulative probability first exceeds {@code u} (inverse-CDF sampling). */
  public static int draw(double[] distribution, double u) {
    int k = 0;
    while (k < distribution.length - 1 && u >= distribution[k]) {
      u -= distribution[k];
      k++;
    }
    return k;
  }
}
