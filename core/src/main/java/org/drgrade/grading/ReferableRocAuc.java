package org.drgrade.grading;

import java.util.Arrays;

/**
 * Area under the ROC curve for referable DR (true grade >= 2) from a score per image, e.g. P(grade
 * >= 2). Exact: the Mann-Whitney statistic, i.e. the probability that a random referable image
 * scores above a random non-referable one, ties counting 1/2. Sorting makes it O(n log n); tied
 * scores share their mid-rank.
 */
public final class ReferableRocAuc {
  private ReferableRocAuc() {}

  public static MetricValue of(double[] scores, int[] trueGrades) {
    boolean[] referable = new boolean[trueGrades.length];
    for (int i = 0; i < trueGrades.length; i++) {
      referable[i] = Grades.isReferable(Grades.requireValid(trueGrades[i]));
    }
    return of(scores, referable);
  }

  public static MetricValue of(double[] scores, boolean[] positive) {
    int n = scores.length;
    if (positive.length != n) {
      throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));

    long positives = 0;
    // Twice the positives' rank sum (1-based ranks): mid-ranks of ties are then integers.
    long doubledRankSum = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end < n && scores[order[end]] == scores[order[start]]) {
        end++;
      }
      long doubledMidRank = (long) start + 1 + end; // ranks start+1 .. end, averaged, times 2
      for (int k = start; k < end; k++) {
        if (positive[order[k]]) {
          positives++;
          doubledRankSum += doubledMidRank;
        }
      }
      start = end;
    }
    long negatives = n - positives;
    if (positives == 0) {
      return MetricValue.undefined("no referable images in truth");
    }
    if (negatives == 0) {
      return MetricValue.undefined("no non-referable images in truth");
    }
    double u = doubledRankSum / 2.0 - positives * (positives + 1) / 2.0;
    return MetricValue.of(u / ((double) positives * negatives));
  }
}
