package org.drgrade.blend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlendScoresTest {
  private static final double[] SURE_HEALTHY = {1, 0, 0, 0, 0};
  private static final double[] LEANS_MILD = {0.4, 0.6, 0, 0, 0};

  @Test
  void kappaIsUndefinedWhenTruthAndLabelsUseOneGrade() {
    BlendScores scores =
        BlendScores.of(
            List.of(
                new EyePair("a", SURE_HEALTHY, SURE_HEALTHY, 0, 0),
                new EyePair("b", SURE_HEALTHY, null, 0, null)));
    assertFalse(scores.exactKappa().defined());
    assertFalse(scores.argmaxKappa().defined());
    assertEquals(3, scores.eyes());
    assertEquals(0, scores.logLoss(), 1e-12);
  }

  @Test
  void onlyGradedEyesCountAndLogLossIsMeanNegativeLogOfTheTrueGrade() {
    BlendScores scores =
        BlendScores.of(
            List.of(
                new EyePair("a", LEANS_MILD, SURE_HEALTHY, 1, null),
                new EyePair("b", SURE_HEALTHY, LEANS_MILD, 0, 0)));
    assertEquals(3, scores.eyes());
    assertEquals(-(Math.log(0.6) + Math.log(1) + Math.log(0.4)) / 3, scores.logLoss(), 1e-12);
    assertTrue(scores.argmaxKappa().defined());
  }

  @Test
  void noGradedEyesGivesUndefinedScores() {
    BlendScores scores =
        BlendScores.of(List.of(new EyePair("t", LEANS_MILD, LEANS_MILD, null, null)));
    assertFalse(scores.exactKappa().defined());
    assertEquals(0, scores.eyes());
  }

  @Test
  void pairsRejectMalformedEyes() {
    assertThrows(IllegalArgumentException.class, () -> new EyePair("x", null, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EyePair("x", new double[] {0.5, 0.5}, null, null, null));
    assertThrows(
        IllegalArgumentException.class, () -> new EyePair("x", SURE_HEALTHY, null, null, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new EyePair("x", SURE_HEALTHY, null, 5, null));
  }
}
