package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.drgrade.synth.SyntheticDistributions;
import org.junit.jupiter.api.Test;

class ExactKappaLabellerTest {

  @Test
  void equalsBruteForceOverAllLabellingsForSmallN() {
    SplittableRandom random = new SplittableRandom(101);
    double[] sharpnesses = {0.2, 1.0, 3.0, 6.0};
    for (int n = 1; n <= 7; n++) {
      for (double sharpness : sharpnesses) {
        double[][] p = RandomDistributions.rows(n, sharpness, random);
        double best = bruteForceBestProxy(p);
        ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p);
        assertEquals(best, exact.proxy().value(), 1e-12, "n=" + n + " sharpness=" + sharpness);
        assertEquals(
            ExpectedKappaProxy.of(p, exact.labels()).value(), exact.proxy().value(), 1e-12);
      }
    }
  }

  @Test
  void beatsAnnealingWhichComesClose() {
    double[][] p = RandomDistributions.rows(2000, 1.5, new SplittableRandom(29));
    ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p);
    double annealed = AnnealingLabeller.label(p, AnnealingSchedule.defaultFor(p.length, 7)).proxy();
    assertTrue(exact.proxy().value() >= annealed - 1e-12, exact.proxy() + " < " + annealed);
    assertTrue(exact.proxy().value() - annealed < 1e-3, exact.proxy() + " vs " + annealed);
    assertTrue(exact.iterations() < 20, "iterations " + exact.iterations());
  }

  @Test
  void beatsAnnealingAndEveryBaselineOnRandomAndSkewedDistributions() {
    SplittableRandom random = new SplittableRandom(51);
    Map<String, double[][]> cases = new LinkedHashMap<>();
    cases.put("random, flat", RandomDistributions.rows(3000, 0.5, random));
    cases.put("random, peaked", RandomDistributions.rows(3000, 3.0, random));
    cases.put("Kaggle prior", SyntheticDistributions.generate(3000, 53).p());
    cases.put(
        "almost all grade 0",
        RandomDistributions.reweighted(
            RandomDistributions.rows(3000, 1.5, random), new double[] {200, 10, 3, 1, 0.5}));
    cases.put(
        "almost all grade 4",
        RandomDistributions.reweighted(
            RandomDistributions.rows(3000, 1.5, random), new double[] {0.5, 1, 3, 10, 200}));
    for (Map.Entry<String, double[][]> c : cases.entrySet()) {
      double[][] p = c.getValue();
      double exact = ExactKappaLabeller.label(p).proxy().value();
      Map<String, int[]> rivals = new LinkedHashMap<>();
      rivals.put(
          "annealing",
          AnnealingLabeller.label(p, AnnealingSchedule.defaultFor(p.length, 5)).labels());
      rivals.put("argmax", DecisionBaselines.argmax(p));
      rivals.put("rounded expectation", DecisionBaselines.roundedExpectation(p));
      rivals.put(
          "tuned cut-points",
          CutPointTuner.tune(p, RandomDistributions.drawGrades(p, random)).apply(p));
      for (Map.Entry<String, int[]> rival : rivals.entrySet()) {
        double proxy = ExpectedKappaProxy.of(p, rival.getValue()).value();
        assertTrue(
            exact >= proxy - 1e-12,
            c.getKey() + ": " + rival.getKey() + " " + proxy + " > exact " + exact);
      }
    }
  }

  @Test
  void labelsAreTheReturnedThresholdRuleAndMonotoneInExpectedGrade() {
    double[][] p = RandomDistributions.rows(2000, 2.0, new SplittableRandom(31));
    ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p);
    assertArrayEquals(exact.cutPoints().apply(p), exact.labels());
    double[] e = GradeDistributions.expectedGrades(p);
    int[] byExpectation =
        IntStream.range(0, p.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> e[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    for (int i = 1; i < byExpectation.length; i++) {
      assertTrue(exact.labels()[byExpectation[i - 1]] <= exact.labels()[byExpectation[i]]);
    }
  }

  @Test
  void cutPointsAreRoundingShrunkTowardsTheMeanByTheProxy() {
    double[][] p = RandomDistributions.rows(1000, 1.5, new SplittableRandom(33));
    ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p);
    double proxy = exact.proxy().value();
    double meanGrade = Arrays.stream(GradeDistributions.expectedGrades(p)).average().orElseThrow();
    for (int k = 1; k <= 4; k++) {
      assertEquals(proxy * (k - 0.5) + (1 - proxy) * meanGrade, exact.cutPoints().cut(k - 1), 1e-9);
    }
  }

  @Test
  void optimumDoesNotDependOnTheStart() {
    double[][] p = RandomDistributions.rows(500, 1.0, new SplittableRandom(37));
    double fromRounded = ExactKappaLabeller.label(p).proxy().value();
    double fromAllFour = ExactKappaLabeller.label(p, filled(p.length, 4)).proxy().value();
    double fromArgmax = ExactKappaLabeller.label(p, DecisionBaselines.argmax(p)).proxy().value();
    assertEquals(fromRounded, fromAllFour, 1e-12);
    assertEquals(fromRounded, fromArgmax, 1e-12);
  }

  @Test
  void allMassOnOneGradeLabelsItWithTheProxyUndefined() {
    double[][] p = RandomDistributions.oneHot(new int[] {3, 3, 3, 3});
    ExactKappaLabeller.Result result = ExactKappaLabeller.label(p);
    assertArrayEquals(filled(4, 3), result.labels());
    assertFalse(result.proxy().defined());
    ExactKappaLabeller.Result none = ExactKappaLabeller.label(new double[0][]);
    assertEquals(0, none.labels().length);
    assertFalse(none.proxy().defined());
  }

  private static int[] filled(int n, int grade) {
    int[] labels = new int[n];
    Arrays.fill(labels, grade);
    return labels;
  }

  /** Enumerates all 5^n labellings, counting in base 5. */
  private static double bruteForceBestProxy(double[][] p) {
    int n = p.length;
    int[] labels = new int[n];
    double best = Double.NEGATIVE_INFINITY;
    for (int code = 0; code < Math.pow(5, n); code++) {
      for (int i = 0, rest = code; i < n; i++, rest /= 5) {
        labels[i] = rest % 5;
      }
      var proxy = ExpectedKappaProxy.of(p, labels);
      if (proxy.defined()) {
        best = Math.max(best, proxy.value());
      }
    }
    return best;
  }
}
