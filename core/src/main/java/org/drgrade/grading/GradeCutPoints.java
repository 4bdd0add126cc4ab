package org.drgrade.grading;

import java.util.Arrays;

/**
 * A threshold rule on the expected grade e: grade(e) = number of cut-points t_k with t_k <= e. Four
 * non-decreasing cut-points; equal neighbours leave a grade unused. Cut-points may lie outside [0,
 * 4] (a grade no expectation can reach).
 */
public record GradeCutPoints(double[] cuts) {

  public GradeCutPoints {
    if (cuts.length != Grades.COUNT - 1) {
      throw new IllegalArgumentException(
          "need " + (Grades.COUNT - 1) + " cut-points, got " + cuts.length);
    }
    for (int k = 0; k < cuts.length; k++) {
      if (Double.isNaN(cuts[k]) || (k > 0 && cuts[k] < cuts[k - 1])) {
        throw new IllegalArgumentException(
            "cut-points must be non-decreasing numbers: " + Arrays.toString(cuts));
      }
    }
    cuts = cuts.clone();
  }

  /** 0.5, 1.5, 2.5, 3.5: the same labels as Math.round of the expectation (halves round up). */
  public static GradeCutPoints rounding() {
    return new GradeCutPoints(new double[] {0.5, 1.5, 2.5, 3.5});
  }

  @Override
  public double[] cuts() {
    return cuts.clone();
  }

  public double cut(int k) {
    return cuts[k];
  }

  public int grade(double expectedGrade) {
    int g = 0;
    while (g < cuts.length && cuts[g] <= expectedGrade) {
      g++;
    }
    return g;
  }

  public int[] apply(double[][] p) {
    int[] labels = new int[p.length];
    for (int n = 0; n < p.length; n++) {
      labels[n] = grade(GradeDistributions.expectedGrade(p[n]));
    }
    return labels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GradeCutPoints other && Arrays.equals(cuts, other.cuts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cuts);
  }

  @Override
  public String toString() {
    return "GradeCutPoints" + Arrays.toString(cuts);
  }
}
