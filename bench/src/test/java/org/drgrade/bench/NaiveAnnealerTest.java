package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.drgrade.grading.AnnealingLabeller;
import org.drgrade.grading.AnnealingSchedule;
import org.drgrade.grading.DecisionBaselines;
import org.drgrade.synth.SyntheticDistributions;
import org.junit.jupiter.api.Test;

/** The naive annealer is only a fair yardstick if it walks the same path as the incremental one. */
class NaiveAnnealerTest {
  private final double[][] p = SyntheticDistributions.generate(300, 71).p();
  private final int[] start = DecisionBaselines.roundedExpectation(p);
  private final AnnealingSchedule schedule = new AnnealingSchedule(1.0 / 300, 0.8, 5, 200, 73);

  @Test
  void sameScheduleSameLabelsAsTheIncrementalAnnealer() {
    NaiveAnnealer.Result naive = NaiveAnnealer.label(p, start, schedule, Long.MAX_VALUE);
    AnnealingLabeller.Result incremental = AnnealingLabeller.label(p, start, schedule);
    assertEquals(1000, naive.moves());
    assertArrayEquals(incremental.labels(), naive.labels());
    assertEquals(incremental.proxy(), naive.proxy(), 1e-12);
  }

  @Test
  void stopsAtTheMoveBudget() {
    assertEquals(250, NaiveAnnealer.label(p, start, schedule, 250).moves());
  }
}
