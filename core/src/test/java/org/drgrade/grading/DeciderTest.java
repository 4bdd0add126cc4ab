package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeciderTest {
  /** Calibrated-ish distributions: a softmax around a noisy severity near each true grade. */
  private static double[][] distributions(int[] truth, SplittableRandom random) {
    double[][] p = new double[truth.length][5];
    for (int n = 0; n < truth.length; n++) {
      double severity = truth[n] + random.nextGaussian() * 0.7;
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        p[n][k] = Math.exp(-(k - severity) * (k - severity) / 1.2);
        sum += p[n][k];
      }
      for (int k = 0; k < 5; k++) {
        p[n][k] /= sum;
      }
    }
    return p;
  }

  private static int[] grades(int n, SplittableRandom random) {
    double[] prior = {0.735, 0.07, 0.151, 0.025, 0.02};
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int k = 0;
      while (k < 4 && (u -= prior[k]) > 0) {
        k++;
      }
      g[i] = k;
    }
    return g;
  }

  @Test
  void everyRuleIsReportedAndTheExactOptimumHasTheBestProxy() {
    SplittableRandom random = new SplittableRandom(11);
    int[] valTruth = grades(1500, random);
    double[][] val = distributions(valTruth, random);
    double[][] target = distributions(grades(2000, random), random);
    Decider.Decisions d = Decider.decide(val, valTruth, folds(1500, 5), target, 5);

    assertEquals(2 * DecisionRule.values().length, d.outcomes().size());
    Map<DecisionRule, Decider.Outcome> onTarget =
        d.outcomes().stream()
            .filter(o -> o.split().equals("target"))
            .collect(Collectors.toMap(Decider.Outcome::rule, Function.identity()));
    double exact = onTarget.get(DecisionRule.EXACT).proxy().value();
    for (Decider.Outcome o : onTarget.values()) {
      assertTrue(
          exact >= o.proxy().value() - 1e-12,
          o.rule() + " beats the exact optimum: " + o.proxy().value() + " > " + exact);
      assertEquals(2000, d.targetLabels().get(o.rule()).length);
    }
    assertTrue(
        exact > onTarget.get(DecisionRule.ARGMAX).proxy().value() + 0.005,
        "optimising the proxy gains over argmax");
    assertTrue(
        d.bestByTargetProxy() == DecisionRule.EXACT
            || d.bestByTargetProxy() == DecisionRule.ANNEALING);

    Map<DecisionRule, Decider.Outcome> onVal =
        d.outcomes().stream()
            .filter(o -> o.split().equals("validation"))
            .collect(Collectors.toMap(Decider.Outcome::rule, Function.identity()));
    assertTrue(
        onVal.get(DecisionRule.EXACT).kappa().value() > 0.5,
        "a true kappa is measured on validation");
  }

  /** Image i in fold i % k (the tests' distributions are independent draws, so this is random). */
  private static int[] folds(int n, int k) {
    return java.util.stream.IntStream.range(0, n).map(i -> i % k).toArray();
  }

  @Test
  void tunedCutPointsAreScoredOutOfFoldNotOnTheImagesTheyWereTunedOn() {
    // Distributions that say nothing of the truth: whatever cut-points tuned on the scored images
    // find there is fit, not skill. Decide must report the out-of-fold figure instead.
    SplittableRandom random = new SplittableRandom(3);
    int[] truth = grades(80, random);
    double[][] noise = distributions(grades(80, random), random);
    int[] folds = folds(80, 5);
    Decider.Decisions d = Decider.decide(noise, truth, folds, noise, 5);
    double reported =
        d.outcomes().stream()
            .filter(o -> o.split().equals("validation"))
            .filter(o -> o.rule() == DecisionRule.TUNED_CUT_POINTS)
            .findFirst()
            .orElseThrow()
            .kappa()
            .value();
    double inSample = GradeAgreement.of(truth, d.cutPoints().apply(noise)).kappa().value();
    double outOfFold =
        GradeAgreement.of(truth, CutPointTuner.outOfFold(noise, truth, folds)).kappa().value();
    assertEquals(outOfFold, reported, 1e-12);
    // Seeded: for these images the in-sample figure (what decide used to report) differs.
    assertNotEquals(inSample, reported, 1e-6);
    // The target still gets the cut-points tuned on all of validation.
    assertArrayEquals(
        d.cutPoints().apply(noise), d.targetLabels().get(DecisionRule.TUNED_CUT_POINTS));
  }

  /**
   * Out of sample: validation and target drawn from the same miscalibrated network (expected grades
   * 0.6 high), the target's truth known to the test only. The cut-points decide tunes on validation
   * must grade the target better than rounding, and the validation kappa decide reports for them
   * (out of fold) must be what the target then gets, not an in-sample figure.
   */
  @Test
  void tunedCutPointsCarryTheirGainToTheTarget() {
    SplittableRandom random = new SplittableRandom(5);
    int[] valTruth = CutPointTunerTest.biasedTruth(1000, random);
    double[][] val = CutPointTunerTest.biased(valTruth, random);
    int[] targetTruth = CutPointTunerTest.biasedTruth(1000, random);
    double[][] target = CutPointTunerTest.biased(targetTruth, random);
    Decider.Decisions d = Decider.decide(val, valTruth, folds(1000, 5), target, 5);

    double tunedOnTarget =
        GradeAgreement.of(targetTruth, d.targetLabels().get(DecisionRule.TUNED_CUT_POINTS))
            .kappa()
            .value();
    double roundedOnTarget =
        GradeAgreement.of(targetTruth, d.targetLabels().get(DecisionRule.ROUNDED_EXPECTATION))
            .kappa()
            .value();
    assertTrue(
        tunedOnTarget > roundedOnTarget + 0.08,
        "target: tuned " + tunedOnTarget + ", rounding " + roundedOnTarget);
    double reported =
        d.outcomes().stream()
            .filter(o -> o.split().equals("validation"))
            .filter(o -> o.rule() == DecisionRule.TUNED_CUT_POINTS)
            .findFirst()
            .orElseThrow()
            .kappa()
            .value();
    assertEquals(tunedOnTarget, reported, 0.03, "validation's figure predicts the target's");
  }

  @Test
  void aFoldsOwnTruthNeverMovesItsGrades() {
    SplittableRandom random = new SplittableRandom(8);
    int[] truth = grades(400, random);
    double[][] p = distributions(truth, random);
    int[] folds = folds(400, 4);
    int[] labels = CutPointTuner.outOfFold(p, truth, folds);
    int[] changed = truth.clone();
    for (int i = 0; i < changed.length; i += 4) { // fold 0's truth, reversed
      changed[i] = 4 - changed[i];
    }
    int[] again = CutPointTuner.outOfFold(p, changed, folds);
    int movedElsewhere = 0;
    for (int i = 0; i < labels.length; i++) {
      if (folds[i] == 0) {
        assertEquals(labels[i], again[i], "fold 0's grades are tuned on folds 1-3 only");
      } else if (labels[i] != again[i]) {
        movedElsewhere++;
      }
    }
    assertTrue(movedElsewhere > 0, "the other folds tuned on fold 0's truth and moved");
    // One fold alone has nothing to tune on: rounding.
    assertArrayEquals(
        GradeCutPoints.rounding().apply(p), CutPointTuner.outOfFold(p, truth, new int[400]));
  }
}
