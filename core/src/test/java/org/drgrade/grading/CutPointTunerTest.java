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

  /** A two-point distribution on the grades either side of expected grade {@code e} in [0, 4]. */
  private static double[] withExpectation(double e) {
    double[] p = new double[5];
    int below = Math.min((int) Math.floor(e), 3);
    p[below] = below + 1 - e;
    p[below + 1] = e - below;
    return p;
  }

  /**
   * Worked by hand: grades 0-3 at expected grades g + 0.55 and g + 0.7 (rounding calls every one a
   * grade too high), grade 4 at 3.9 and 4.0. Kappa is 1 exactly when each cut k separates the
   * clusters either side of it: t1 in (0.7, 1.55], t2 in (1.7, 2.55], t3 in (2.7, 3.55], t4 in
   * (3.7, 3.9] (an image at a cut gets the higher grade). Any other cut misgrades an image.
   */
  @Test
  void tunedCutsFallInTheHandWorkedGaps() {
    double[] e = {0.55, 0.7, 1.55, 1.7, 2.55, 2.7, 3.55, 3.7, 3.9, 4.0};
    int[] truth = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
    double[][] p =
        java.util.Arrays.stream(e).mapToObj(x -> withExpectation(x)).toArray(double[][]::new);
    assertArrayEquals(
        new int[] {1, 1, 2, 2, 3, 3, 4, 4, 4, 4}, DecisionBaselines.roundedExpectation(p));

    GradeCutPoints tuned = CutPointTuner.tune(p, truth);
    double[][] gaps = {{0.7, 1.55}, {1.7, 2.55}, {2.7, 3.55}, {3.7, 3.9}};
    for (int k = 0; k < 4; k++) {
      assertTrue(
          tuned.cut(k) > gaps[k][0] && tuned.cut(k) <= gaps[k][1],
          "cut " + (k + 1) + " outside " + java.util.Arrays.toString(gaps[k]) + ": " + tuned);
    }
    assertArrayEquals(truth, tuned.apply(p));
  }

  /**
   * Out of sample: expected grades that run 0.6 high with noise (a miscalibrated network),
   * cut-points tuned on one draw and scored on a fresh draw of the same process. On the tuning data
   * a tuner cannot lose to rounding by construction; on new images only a tuner that found the bias
   * gains. Measured: rounding 0.76, tuned 1.00 on the fresh draw.
   */
  @Test
  void cutPointsTunedOnOneDrawGradeAFreshDrawBetterThanRounding() {
    SplittableRandom random = new SplittableRandom(43);
    int[] tuneTruth = biasedTruth(3000, random);
    double[][] tuneP = biased(tuneTruth, random);
    int[] freshTruth = biasedTruth(3000, random);
    double[][] freshP = biased(freshTruth, random);

    GradeCutPoints tuned = CutPointTuner.tune(tuneP, tuneTruth);
    double rounded =
        GradeAgreement.of(freshTruth, DecisionBaselines.roundedExpectation(freshP)).kappa().value();
    double fresh = GradeAgreement.of(freshTruth, tuned.apply(freshP)).kappa().value();
    assertTrue(fresh > rounded + 0.08, "fresh draw: tuned " + fresh + ", rounding " + rounded);
    // the bias is found: cuts 1-3 moved up by about 0.6 from rounding's k - 0.5, and with no grade
    // 4 to find, cut 4 above every image (rounding's 3.5 would call the 3s 4)
    for (int k = 0; k < 3; k++) {
      assertEquals(k + 0.5 + 0.6, tuned.cut(k), 0.2, tuned.toString());
    }
    assertTrue(tuned.cut(3) > 4, tuned.toString());
  }

  /** Grades 0-3, uniform: the truth of {@link #biased}. */
  static int[] biasedTruth(int n, SplittableRandom random) {
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = random.nextInt(4); // 0-3: grade 4 + 0.6 would leave [0, 4]
    }
    return truth;
  }

  /** Distributions whose expected grade is the truth + 0.6 + N(0, 0.15^2), kept in [0, 4]. */
  static double[][] biased(int[] truth, SplittableRandom random) {
    double[][] p = new double[truth.length][];
    for (int i = 0; i < truth.length; i++) {
      double e = truth[i] + 0.6 + 0.15 * random.nextGaussian();
      p[i] = withExpectation(Math.max(0, Math.min(4, e)));
    }
    return p;
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
