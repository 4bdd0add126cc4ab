package org.drgrade.grading;

/** The fixed grading scale: 0 no DR .. 4 proliferative; grade >= 2 is referable DR. */
public final class Grades {
  /** Number of grades; metrics always use all five, whether or not a grade occurs. */
  public static final int COUNT = 5;

  /** Lowest grade that counts as referable diabetic retinopathy. */
  public static final int REFERABLE_MIN = 2;

  private Grades() {}

  public static int requireValid(int grade) {
    if (grade < 0 || grade >= COUNT) {
      throw new IllegalArgumentException("grade must be in 0.." + (COUNT - 1) + ", got " + grade);
    }
    return grade;
  }

  public static boolean isReferable(int grade) {
    return grade >= REFERABLE_MIN;
  }
}
