package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressedGradeTest {

  @Test
  void isADistributionWhoseModeIsTheNearestGrade() {
    for (double y = -2; y <= 6; y += 0.05) {
      float[] p = RegressedGrade.distribution(y);
      double sum = 0;
      int mode = 0;
      for (int k = 0; k < Grades.COUNT; k++) {
        assertTrue(p[k] > 0 || Math.abs(y - k) > 5, "grade " + k + " at y " + y);
        sum += p[k];
        mode = p[k] > p[mode] ? k : mode;
      }
      assertEquals(1.0, sum, 1e-6, "y " + y);
      int nearest = (int) Math.max(0, Math.min(4, Math.floor(y + 0.5)));
      if (Math.abs(y - Math.floor(y) - 0.5) > 1e-9) {
        assertEquals(nearest, mode, "y " + y);
      }
    }
  }

  /**
   * Cut-points on the expected grade must act as cut-points on y, and the referable score must keep
   * y's ranking: both rise strictly with y, also below 1 and above 3 where a two-point distribution
   * would tie.
   */
  @Test
  void expectedGradeAndReferableProbabilityRiseStrictlyWithTheOutput() {
    double previousExpected = Double.NEGATIVE_INFINITY;
    double previousReferable = Double.NEGATIVE_INFINITY;
    for (double y = -1; y <= 5; y += 0.1) {
      float[] p = RegressedGrade.distribution(y);
      double expected = 0;
      for (int k = 0; k < Grades.COUNT; k++) {
        expected += k * p[k];
      }
      double referable = p[2] + p[3] + p[4];
      assertTrue(expected > previousExpected, "expected grade at y " + y);
      assertTrue(referable > previousReferable, "P(grade >= 2) at y " + y);
      previousExpected = expected;
      previousReferable = referable;
    }
  }

  @Test
  void centredOnAGradeItIsSymmetricAroundIt() {
    float[] p = RegressedGrade.distribution(2.0);
    assertEquals(p[1], p[3], 1e-7);
    assertEquals(p[0], p[4], 1e-7);
    double expected = p[1] + 2 * p[2] + 3 * p[3] + 4 * p[4];
    assertEquals(2.0, expected, 1e-6);
  }

  @Test
  void refusesANonFiniteOutput() {
    assertThrows(IllegalArgumentException.class, () -> RegressedGrade.distribution(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> RegressedGrade.distribution(Double.POSITIVE_INFINITY));
  }
}
