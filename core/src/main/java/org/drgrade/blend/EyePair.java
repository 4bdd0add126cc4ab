package org.drgrade.blend;

import java.io.Serializable;
import org.drgrade.grading.GradeDistributions;
import org.drgrade.grading.Grades;

/**
 * One patient's two eyes as the blend sees them: each eye's predicted 5-grade distribution and, for
 * validation patients, its true grade. {@code null} marks a missing eye (a patient photographed on
 * one side only) or an unknown grade (test patients). The arrays are copied in and must not be
 * mutated through the accessors.
 */
public record EyePair(
    String patient, double[] left, double[] right, Integer leftGrade, Integer rightGrade)
    implements Serializable {

  public EyePair {
    if (patient == null) {
      throw new IllegalArgumentException("patient id is null");
    }
    if (left == null && right == null) {
      throw new IllegalArgumentException("patient " + patient + " has no eye");
    }
    left = checkedCopy(patient, "left", left, leftGrade);
    right = checkedCopy(patient, "right", right, rightGrade);
  }

  public boolean hasBothEyes() {
    return left != null && right != null;
  }

  /** The same patient and grades with new distributions (what a blend returns). */
  public EyePair withDistributions(double[] newLeft, double[] newRight) {
    return new EyePair(patient, newLeft, newRight, leftGrade, rightGrade);
  }

  private static double[] checkedCopy(
      String patient, String side, double[] distribution, Integer grade) {
    if (distribution == null) {
      if (grade != null) {
        throw new IllegalArgumentException(
            "patient " + patient + " has a " + side + " grade but no " + side + " eye");
      }
      return null;
    }
    if (grade != null) {
      Grades.requireValid(grade);
    }
    GradeDistributions.requireValid(new double[][] {distribution});
    return distribution.clone();
  }
}
