package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Efficiency paired within repeats, summarised by its median: worked by hand. */
class ScaleEfficiencyTest {
  private static ScaleBench.Run run(String variant, int workers, int repeat, double speed) {
    return new ScaleBench.Run(
        variant, 224, workers, repeat, 100, 100 / speed, speed, null, null, null, 0, 0, 0);
  }

  @Test
  void eachRepeatPairsItsOwnOneWorkerRunAndTheMedianSummarises() {
    // The machine slows down from repeat to repeat; W = 2 stays at 0.8 of twice W = 1 in each.
    List<ScaleBench.Run> runs =
        ScaleBench.efficiencies(
            List.of(
                run("torch", 1, 0, 10),
                run("torch", 2, 0, 16),
                run("torch", 1, 1, 8),
                run("torch", 2, 1, 12.8),
                run("torch", 1, 2, 12),
                run("torch", 2, 2, 18)));
    Map<String, ScaleEfficiency.Summary> summary = ScaleEfficiency.summarise(runs);
    assertEquals(1, summary.size(), "W = 1 needs no summary of its own");
    ScaleEfficiency.Summary two = summary.get("torch 224px W = 2");
    assertEquals(3, two.repeats());
    assertEquals(0.8, two.medianEfficiency(), 1e-12);
    assertEquals(0.75, two.leastEfficiency(), 1e-12);
    assertEquals(0.8, two.greatestEfficiency(), 1e-12);
    assertEquals(List.of(0.8, 0.8, 0.75), two.efficiencies());
    assertEquals(16, two.medianImagesPerSecond(), 1e-12);
    assertEquals(10, two.medianImagesPerSecondOneWorker(), 1e-12);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, ScaleEfficiency.median(new double[] {4, 1, 3, 2}), 1e-12);
    assertEquals(3, ScaleEfficiency.median(new double[] {5, 3, 1}), 1e-12);
  }
}
