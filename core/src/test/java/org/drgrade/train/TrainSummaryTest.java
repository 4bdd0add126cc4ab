package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainSummaryTest {

  private static EpochMetrics epoch(int e, double loss, Double kappa, long valImages) {
    return new EpochMetrics(
        e, 3, 10, 100, 2.0, 0.01, loss, loss + 0.1, kappa, null, valImages, null);
  }

  @Test
  void foldsSummaryAveragesEpochByEpochOverTheEpochsEveryFoldHas() {
    TrainSummary a =
        new TrainSummary(
            "train",
            "out/folds/fold-0",
            3,
            0,
            100,
            40,
            List.of(epoch(0, 1.0, 0.2, 40), epoch(1, 0.8, 0.4, 40), epoch(2, 0.6, 0.5, 40)),
            List.of("c0"),
            1000,
            10,
            1);
    TrainSummary b =
        new TrainSummary(
            "train",
            "out/folds/fold-1",
            3,
            0,
            110,
            30,
            List.of(epoch(0, 2.0, null, 30), epoch(1, 1.2, 0.6, 30)),
            List.of("c1"),
            1000,
            12,
            1);
    TrainSummary s = TrainSummary.ofFolds("out", List.of(a, b), 25);
    assertEquals(2, s.folds());
    assertEquals(70, s.validationImages(), "every patient is validated once: the folds' sum");
    assertEquals(105, s.trainImages(), "one fold's training images, on average");
    assertEquals(2, s.history().size(), "only the epochs both folds have");
    assertEquals(1.5, s.history().get(0).trainLoss(), 1e-12);
    assertEquals(0.2, s.history().get(0).valKappa(), 1e-12, "the mean over folds with a kappa");
    assertEquals(0.5, s.history().get(1).valKappa(), 1e-12);
    assertNull(s.history().get(1).valAccuracy());
    assertEquals(List.of("c0", "c1"), s.checkpoints());
  }
}
