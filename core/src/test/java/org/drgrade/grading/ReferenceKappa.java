package org.drgrade.grading;

import java.util.TreeSet;

/** Straightforward kappa implementations to check against, written from the formula. */
final class ReferenceKappa {
  private ReferenceKappa() {}

  /** Kaggle's formula over grades 0..4, double matrices; NaN when undefined. */
  static double fixedFive(int[] truth, int[] predicted) {
    return kappa(truth, predicted, 5);
  }

  /** The trap docs/method.md warns of: classes are the labels present, renumbered 0..L-1. */
  static double labelsPresent(int[] truth, int[] predicted) {
    TreeSet<Integer> present = new TreeSet<>();
    for (int i = 0; i < truth.length; i++) {
      present.add(truth[i]);
      present.add(predicted[i]);
    }
    int[] index = new int[5];
    int next = 0;
    for (int label : present) {
      index[label] = next++;
    }
    int[] t = new int[truth.length];
    int[] p = new int[truth.length];
    for (int i = 0; i < truth.length; i++) {
      t[i] = index[truth[i]];
      p[i] = index[predicted[i]];
    }
    return kappa(t, p, present.size());
  }

  private static double kappa(int[] truth, int[] predicted, int classes) {
    int n = truth.length;
    double[][] o = new double[classes][classes];
    double[] ht = new double[classes];
    double[] hp = new double[classes];
    for (int i = 0; i < n; i++) {
      o[truth[i]][predicted[i]]++;
      ht[truth[i]]++;
      hp[predicted[i]]++;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < classes; i++) {
      for (int j = 0; j < classes; j++) {
        double w = (i - j) * (i - j) / Math.pow(Math.max(classes - 1, 1), 2);
        num += w * o[i][j];
        den += w * ht[i] * hp[j] / n;
      }
    }
    return den == 0 ? Double.NaN : 1 - num / den;
  }
}
