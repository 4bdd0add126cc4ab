package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FoldScoresTest {
  private static final int[] TRUTH = {0, 0, 0, 1, 2, 2, 3, 4};

  private static double[] confident(int grade) {
    double[] p = new double[5];
    java.util.Arrays.fill(p, 0.02);
    p[grade] = 0.92;
    return p;
  }

  @Test
  void aModelThatKnowsTheGradesBeatsThePriorOnEveryFigure() {
    double[][] p = new double[TRUTH.length][];
    for (int i = 0; i < TRUTH.length; i++) {
      p[i] = confident(TRUTH[i]);
    }
    FoldScores s = FoldScores.of(p, TRUTH, FoldScores.prior(TRUTH));
    assertEquals(1.0, s.kappaArgmax(), 1e-12);
    assertEquals(1.0, s.kappaExactRule(), 1e-12);
    assertEquals(1.0, s.referableAuc(), 1e-12);
    assertEquals(1.0, s.accuracy(), 1e-12);
    assertEquals(-Math.log(0.92), s.logLoss(), 1e-9);
    assertTrue(s.priorLogLoss() > 1.0, "prior log-loss " + s.priorLogLoss());
  }

  @Test
  void aModelThatAnswersThePriorScoresThePriorsLogLossAndNoKappa() {
    double[] prior = FoldScores.prior(TRUTH);
    double[][] p = new double[TRUTH.length][];
    java.util.Arrays.fill(p, prior);
    FoldScores s = FoldScores.of(p, TRUTH, prior);
    assertEquals(s.priorLogLoss(), s.logLoss(), 1e-12);
    assertEquals(0.5, s.referableAuc(), 1e-12);
    assertEquals(0.0, s.kappaArgmax(), 1e-12);
  }

  @Test
  void thePriorIsAddOneSmoothed() {
    assertArrayEquals(
        new double[] {4 / 9.0, 1 / 9.0, 2 / 9.0, 1 / 9.0, 1 / 9.0},
        FoldScores.prior(new int[] {0, 0, 0, 2}),
        1e-12);
  }
}
