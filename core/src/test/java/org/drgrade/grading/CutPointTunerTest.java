package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CutPointTunerTest {

  @Test
  void baselinesOnHandCases() {
    double[][] p = {
      {0.5, 0.5, 0, 0, 0}, // argmax tie -> 0; e = 0.5 rounds up to 1
      {0, 0.1, 0.2, 0.3, 0.4}, // argmax 4; e = 3.0
      {0.1, 0, 0, 0, 0.9}, // argmax 4; e = 3.6 -> 4
    };
    assertArrayEquals(new int[] {0, 4, 4}, DecisionBaselines.argmax(p));
    assertArrayEquals(new int[] {1, 3, 4}, DecisionBaselines.roundedExpectation(p));
    assertArrayEquals(DecisionBaselines.roundedExpectation(p), GradeCutPoints.rounding().apply(p));
  }

  @Test
  void roundingCutPointsReproduceRoundedExpectation() {
    double[][] p = RandomDistributions.rows(5000, 1.0, new SplittableRandom(41));
    assertArrayEquals(DecisionBaselines.roundedExpectation(p), GradeCutPoints.rounding().apply(p));
  }

  @Test
  void tunedCutPointsNeverLoseToRoundingOnTheirTuningData() {
    SplittableRandom random = new SplittableRandom(43);
    for (int trial = 0; trial < 20; trial++) {
      double[][] p =
          RandomDistributions.rows(
              50 + random.nextInt(2000), 0.5 + 3 * random.nextDouble(), random);
      int[] truth = RandomDistributions.drawGrades(p, random);
      GradeCutPoints tuned = CutPointTuner.tune(p, truth);
      double roundedKappa =
          GradeAgreement.of(truth, DecisionBaselines.roundedExpectation(p)).kappa().value();
      double tunedKappa = GradeAgreement.of(truth, tuned.apply(p)).kappa().value();
      assertTrue(tunedKappa >= roundedKappa, tunedKappa + " < " + roundedKappa);
    }
  }

  @Test
  void tuningCorrectsSystematicallyLowExpectations() {
    // Every image's expectation is 0.6 below its true grade: rounding under-calls,
    // cut-points moved down by ~0.6 recover the grades exactly.
    SplittableRandom random = new SplittableRandom(47);
    int n = 3000;
    int[] truth = new int[n];
    double[][] p = new double[n][5];
    for (int i = 0; i < n; i++) {
      truth[i] = 1 + random.nextInt(4);
      double e = truth[i] - 0.6 + 0.2 * random.nextDouble();
      int below = (int) Math.floor(e);
      p[i][below] = below + 1 - e;
      p[i][below + 1] = e - below;
    }
    GradeCutPoints tuned = CutPointTuner.tune(p, truth);
    assertEquals(1.0, GradeAgreement.of(truth, tuned.apply(p)).kappa().value(), 1e-12);
    assertTrue(
        GradeAgreement.of(truth, DecisionBaselines.roundedExpectation(p)).kappa().value() < 0.9);
  }
}
