package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.drgrade.synth.SyntheticDistributions;
import org.junit.jupiter.api.Test;

class AnnealingLabellerTest {
  private final double[][] p = RandomDistributions.rows(2000, 1.5, new SplittableRandom(23));

  @Test
  void improvesOnItsStartAndReportsTheTrueProxy() {
    AnnealingLabeller.Result result =
        AnnealingLabeller.label(p, AnnealingSchedule.defaultFor(p.length, 1));
    assertEquals(
        ExpectedKappaProxy.of(p, DecisionBaselines.roundedExpectation(p)).value(),
        result.startProxy(),
        1e-12);
    assertTrue(
        result.proxy() > result.startProxy() + 1e-3, result.startProxy() + " -> " + result.proxy());
    assertEquals(ExpectedKappaProxy.of(p, result.labels()).value(), result.proxy(), 1e-12);
  }

  @Test
  void sameSeedSameLabels() {
    AnnealingSchedule schedule = new AnnealingSchedule(1e-3, 0.8, 20, 1000, 42);
    AnnealingLabeller.Result first = AnnealingLabeller.label(p, schedule);
    AnnealingLabeller.Result second = AnnealingLabeller.label(p, schedule);
    assertArrayEquals(first.labels(), second.labels());
    assertEquals(first.proxy(), second.proxy());
    assertEquals(first.acceptedMoves(), second.acceptedMoves());
  }

  @Test
  void defaultScheduleComesWithin1e3OfTheExactOptimumOnTenThousandImagesAndRepeatsItself() {
    double[][][] cases = {
      SyntheticDistributions.generate(10_000, 61).p(),
      RandomDistributions.rows(10_000, 1.5, new SplittableRandom(61))
    };
    for (double[][] q : cases) {
      AnnealingSchedule schedule = AnnealingSchedule.defaultFor(q.length, 61);
      AnnealingLabeller.Result first = AnnealingLabeller.label(q, schedule);
      double exact = ExactKappaLabeller.label(q).proxy().value();
      assertTrue(exact >= first.proxy() - 1e-12, exact + " < " + first.proxy());
      assertTrue(exact - first.proxy() < 1e-3, exact + " vs " + first.proxy());
      AnnealingLabeller.Result second = AnnealingLabeller.label(q, schedule);
      assertArrayEquals(first.labels(), second.labels());
      assertEquals(first.proxy(), second.proxy());
    }
  }

  @Test
  void theTraceHoldsEveryStepEndsAtTheResultAndNeverFallsFarBelowTheStart() {
    AnnealingSchedule schedule = new AnnealingSchedule(1e-3, 0.8, 20, 1000, 42);
    AnnealingLabeller.Result result =
        AnnealingLabeller.label(p, DecisionBaselines.roundedExpectation(p), schedule);
    double[] trace = result.proxyAfterStep();
    assertEquals(schedule.temperatureSteps(), trace.length);
    // The running value of accepted deltas ends where the proxy recomputed from the labels is.
    assertEquals(result.proxy(), trace[trace.length - 1], 1e-9);
    // Cooling: the last steps accept almost nothing worse, so the trace settles at the end.
    assertTrue(
        trace[trace.length - 1] >= trace[trace.length / 2] - 1e-3,
        java.util.Arrays.toString(trace));
    assertArrayEquals(AnnealingLabeller.label(p, schedule).labels(), result.labels());
  }

  @Test
  void startsFromTheGivenLabels() {
    int[] allZero = new int[p.length];
    AnnealingLabeller.Result result =
        AnnealingLabeller.label(p, allZero, AnnealingSchedule.defaultFor(p.length, 3));
    assertEquals(ExpectedKappaProxy.of(p, allZero).value(), result.startProxy(), 1e-12);
    assertTrue(result.proxy() > result.startProxy());
  }
}
