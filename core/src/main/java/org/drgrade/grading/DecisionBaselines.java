package org.drgrade.grading;

/** The ad-hoc label rules the proxy optimisers are compared with. */
public final class DecisionBaselines {
  private DecisionBaselines() {}

  /** Most probable grade; ties go to the lower grade. */
  public static int[] argmax(double[][] p) {
    int[] labels = new int[p.length];
    for (int n = 0; n < p.length; n++) {
      int best = 0;
      for (int k = 1; k < Grades.COUNT; k++) {
        if (p[n][k] > p[n][best]) {
          best = k;
        }
      }
      labels[n] = best;
    }
    return labels;
  }

  /** Expected grade rounded half up and clamped to 0..4. */
  public static int[] roundedExpectation(double[][] p) {
    int[] labels = new int[p.length];
    for (int n = 0; n < p.length; n++) {
      long rounded = Math.round(GradeDistributions.expectedGrade(p[n]));
      labels[n] = (int) Math.max(0, Math.min(Grades.COUNT - 1, rounded));
    }
    return labels;
  }
}
