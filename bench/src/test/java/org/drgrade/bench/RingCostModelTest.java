package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RingCostModelTest {
  private static final RingCostModel MODEL =
      new RingCostModel(0.002, 1e-9, 2e-10, false, 3.0, 1.25e9, 4e12, 5, 8, 35_126);

  private static final RingCostModel OVERLAPPED =
      new RingCostModel(0.002, 1e-9, 2e-10, true, 3.0, 1.25e9, 4e12, 5, 8, 35_126);

  @Test
  void eachWorkerMovesTwiceTheStateLessOneShareAndLatencyGrowsWithTheSteps() {
    long state = ScaleCostModel.stateBytes(448);
    var two = MODEL.project(2, 448);
    var eight = MODEL.project(8, 448);
    assertEquals(state / 1.25e9, two.wireSeconds(), 1e-12, "W = 2: S each way");
    assertEquals(2.0 * 7 / 8 * state / 1.25e9, eight.wireSeconds(), 1e-12, "W = 8: 2 x 7/8 S");
    assertEquals(0.002, two.latencySeconds(), 1e-12, "W = 2 is the measured 2 steps");
    assertEquals(7 * 0.002, eight.latencySeconds(), 1e-12, "W = 8: 14 steps");
    assertEquals(2.0 * 7 / 8 * state * 1e-9, eight.hostSeconds(), 1e-12);
    assertEquals(state * 2e-10, two.copySeconds(), 1e-12, "the copy does not grow with W");
    assertEquals(state * 2e-10, eight.copySeconds(), 1e-12);
  }

  @Test
  void theEpochsLaunchIsSharedByItsRounds() {
    var eight = MODEL.project(8, 448);
    assertEquals((int) Math.ceil(35_126 / (8.0 * 5 * 8)), eight.roundsPerEpoch());
    assertEquals(3.0 / eight.roundsPerEpoch(), eight.epochFixedSeconds(), 1e-12);
    double overhead =
        eight.copySeconds()
            + eight.wireSeconds()
            + eight.hostSeconds()
            + eight.latencySeconds()
            + eight.epochFixedSeconds();
    assertEquals(overhead / eight.computeSeconds(), eight.overheadFraction(), 1e-12);
    assertEquals(
        eight.computeSeconds() / (eight.computeSeconds() + overhead), eight.efficiency(), 1e-12);
  }

  @Test
  void overlappedOnlyTheExchangesExcessOverComputeIsOverhead() {
    var synchronous = MODEL.project(8, 448);
    var hidden = OVERLAPPED.project(8, 448);
    double exchange =
        synchronous.wireSeconds() + synchronous.hostSeconds() + synchronous.latencySeconds();
    assertTrue(exchange < synchronous.computeSeconds(), "the setting hides the whole exchange");
    assertEquals(
        (hidden.copySeconds() + hidden.epochFixedSeconds()) / hidden.computeSeconds(),
        hidden.overheadFraction(),
        1e-12);
    var exposed = OVERLAPPED.project(8, 448, 1);
    double excess =
        exposed.wireSeconds()
            + exposed.hostSeconds()
            + exposed.latencySeconds()
            - exposed.computeSeconds();
    assertTrue(excess > 0, "one minibatch per round is shorter than the exchange");
    assertEquals(
        (exposed.copySeconds() + exposed.epochFixedSeconds() + excess) / exposed.computeSeconds(),
        exposed.overheadFraction(),
        1e-12);
  }

  @Test
  void theFrequencyFor10PercentIsTheLeastThatHoldsIt() {
    int f = MODEL.frequencyFor(0.10, List.of(16), 448).get(16);
    assertTrue(f > 1);
    assertTrue(MODEL.project(16, 448, f).overheadFraction() <= 0.10);
    assertTrue(MODEL.project(16, 448, f - 1).overheadFraction() > 0.10);
  }
}
