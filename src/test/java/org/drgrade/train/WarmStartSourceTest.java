package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drgrade.config.ConfigError;
import org.drgrade.model.ModelDescriptor;
import org.junit.jupiter.api.Test;

/** Which network of a warm-start model a run starts from, and the models it refuses. */
class WarmStartSourceTest {
  private static final String KEY = "drgrade.train.warm-start (m)";

  private static ModelDescriptor model(List<Integer> folds, long seed) {
    List<String> networks =
        java.util.stream.IntStream.range(0, folds.isEmpty() ? 3 : folds.size())
            .mapToObj(i -> "networks/network-" + i + ".zip")
            .toList();
    return new ModelDescriptor(
        1,
        "torch",
        "2026-12-01T00:00:00Z",
        null,
        ModelDescriptor.ClassScheme.fiveGradeSoftmax(),
        networks,
        folds,
        new ModelDescriptor.TrainingRecord(
            30, 600, 150, List.of(27, 28, 29), 1.4, 0.2, 372053, seed),
        null,
        null);
  }

  @Test
  void aSingleSplitRunStartsFromTheLastNetwork() {
    assertEquals(2, WarmStart.index(model(List.of(), 2015), TrainStage.SINGLE_SPLIT, KEY, 2015));
  }

  @Test
  void foldKStartsFromTheModelsLastNetworkOfFoldK() {
    ModelDescriptor cv = model(List.of(0, 0, 1, 1, 2, 2), 2015);
    assertEquals(1, WarmStart.index(cv, 0, KEY, 2015));
    assertEquals(5, WarmStart.index(cv, 2, KEY, 2015));
    assertThrows(ConfigError.class, () -> WarmStart.index(cv, 3, KEY, 2015));
  }

  @Test
  void refusesSourcesWhoseWeightsSawTheValidationPatients() {
    ConfigError single =
        assertThrows(
            ConfigError.class, () -> WarmStart.index(model(List.of(), 2015), 0, KEY, 2015));
    assertTrue(single.getMessage().contains("fold 0"), single.getMessage());
    assertThrows(ConfigError.class, () -> WarmStart.index(model(List.of(0, 1), 7), 0, KEY, 2015));
    assertThrows(
        ConfigError.class,
        () -> WarmStart.index(model(List.of(0, 1), 2015), TrainStage.SINGLE_SPLIT, KEY, 2015));
  }
}
