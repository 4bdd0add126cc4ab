package org.drgrade.grading;

import java.util.SplittableRandom;

/** Random grade distributions for tests: softmax of Gaussian logits, sharper = more peaked. */
final class RandomDistributions {
  private RandomDistributions() {}

  static double[][] rows(int n, double sharpness, SplittableRandom random) {
    double[][] p = new double[n][5];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        p[i][k] = Math.exp(sharpness * random.nextGaussian());
        sum += p[i][k];
      }
      for (int k = 0; k < 5; k++) {
        p[i][k] /= sum;
      }
    }
    return p;
  }

  /** Rows reweighted by {@code weights} per grade and renormalised: a skewed population. */
  static double[][] reweighted(double[][] p, double[] weights) {
    double[][] skewed = new double[p.length][5];
    for (int i = 0; i < p.length; i++) {
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        skewed[i][k] = p[i][k] * weights[k];
        sum += skewed[i][k];
      }
      for (int k = 0; k < 5; k++) {
        skewed[i][k] /= sum;
      }
    }
    return skewed;
  }

  /** One true grade per row, drawn from that row: truth for which P is calibrated. */
  static int[] drawGrades(double[][] p, SplittableRandom random) {
    int[] truth = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      double u = random.nextDouble();
      int k = 0;
      while (k < 4 && u >= p[i][k]) {
        u -= p[i][k];
        k++;
      }
      truth[i] = k;
    }
    return truth;
  }

  static double[][] oneHot(int[] grades) {
    double[][] p = new double[grades.length][5];
    for (int i = 0; i < grades.length; i++) {
      p[i][grades[i]] = 1;
    }
    return p;
  }
}
