package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    Decider.Decisions d = Decider.decide(val, valTruth, target, 5);

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
        onVal.get(DecisionRule.TUNED_CUT_POINTS).kappa().value()
            >= onVal.get(DecisionRule.ROUNDED_EXPECTATION).kappa().value(),
        "cut-points tuned on validation are at least as good as rounding there");
    assertTrue(
        onVal.get(DecisionRule.EXACT).kappa().value() > 0.5,
        "a true kappa is measured on validation");
  }
}
