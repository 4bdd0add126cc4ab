package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * drgrade.train.schedule: the steps' sizes, crops, epochs, rates and outputs, the warm-start chain
 * from step to step, each size preprocessed once, and clear errors for a malformed step;
 * drgrade.ingest.extra-images needs its labels.
 */
class TrainingScheduleTest {

  private static DrgradeConfig config(String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("run.output=\"/r\""));
    all.addAll(List.of(overrides));
    return DrgradeConfig.load(Optional.empty(), all);
  }

  @Test
  void withoutAScheduleTheRunIsOneStepOfItsOwnSettings() {
    TrainingSchedule schedule =
        TrainingSchedule.from(config("preprocess.size=96", "train.crop=80"));
    assertEquals(1, schedule.steps().size());
    TrainConfig only = schedule.last().train();
    assertEquals(96, only.sourceSize());
    assertEquals(80, only.network().inputSize());
    assertEquals("/r/train", only.output());
    assertEquals("/r/model", only.model());
    assertEquals("", only.warmStart());
    assertEquals(List.of("/r/preprocess"), outputs(schedule.preprocessing()));
  }

  @Test
  void eachStepWarmStartsFromThePreviousOneAndTheLastIsTheRunItself() {
    TrainingSchedule schedule =
        TrainingSchedule.from(
            config(
                "train.warm-start=\"/earlier/model\"",
                "train.learning-rates=[\"0:0.02\"]",
                "train.schedule=[{size: 128, crop: 112, epochs: 30}, {size: 128, crop: 96, epochs:"
                    + " 5}, {size: 256, crop: 224, epochs: 20, learning-rates: [\"0:0.01\","
                    + " \"12:0.001\"]}]"));
    List<TrainingSchedule.Step> steps = schedule.steps();
    assertEquals(3, steps.size());
    assertEquals(List.of(1, 2, 3), steps.stream().map(TrainingSchedule.Step::number).toList());
    assertEquals(
        List.of(112, 96, 224), steps.stream().map(s -> s.train().network().inputSize()).toList());
    assertEquals(List.of(30, 5, 20), steps.stream().map(s -> s.train().epochs()).toList());
    assertEquals(List.of("/r/train-step-1", "/r/train-step-2", "/r/train"), outputsOf(steps));
    assertEquals(
        "/earlier/model", steps.get(0).train().warmStart(), "the user's warm start starts step 1");
    assertEquals("/r/train-step-1/model", steps.get(1).train().warmStart());
    assertEquals("/r/train-step-2/model", steps.get(2).train().warmStart());
    assertEquals("/r/train-step-1/model", steps.get(0).train().model());
    assertEquals("/r/model", steps.get(2).train().model(), "the last step writes the run's model");
    // a step without its own rates takes train.learning-rates, counted from its first epoch
    assertEquals(
        new TreeMap<>(java.util.Map.of(0, 0.02)), steps.get(1).train().network().learningRates());
    assertEquals(
        new TreeMap<>(java.util.Map.of(0, 0.01, 12, 0.001)),
        steps.get(2).train().network().learningRates());
    // 128 px is preprocessed once for steps 1 and 2; the last size is the run's own output
    assertEquals(List.of("/r/preprocess-128", "/r/preprocess"), outputs(schedule.preprocessing()));
    assertEquals(256, steps.get(2).preprocess().image().outputSize());
    assertEquals("/r/preprocess-128", steps.get(1).train().input());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{size: 128, crop: 112}]", // no epochs
        "[{size: 128, crop: 112, epochs: 3, batch: 8}]", // a key a step does not take
        "[{size: 128, crop: 144, epochs: 3}]", // a crop larger than its size
        "[{size: 128, crop: 112, epochs: many}]",
        "[128, 256]"
      })
  void aMalformedStepIsAConfigErrorNamingTheSchedule(String schedule) {
    ConfigError e =
        assertThrows(
            ConfigError.class, () -> TrainingSchedule.from(config("train.schedule=" + schedule)));
    assertTrue(e.getMessage().contains("drgrade.train.schedule"), e.getMessage());
  }

  @Test
  void trainingOnlyImagesNeedTheirLabels() {
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () -> IngestConfig.from(config("ingest.extra-images=\"/data/extra\"")));
    assertTrue(e.getMessage().contains("drgrade.ingest.extra-labels"), e.getMessage());
    IngestConfig both =
        IngestConfig.from(
            config(
                "ingest.extra-images=\"/data/extra\"", "ingest.extra-labels=\"/data/extra.csv\""));
    assertEquals(List.of("/data/extra"), both.extraImages());
    assertTrue(both.allLabels().contains("/data/extra.csv"));
  }

  private static List<String> outputs(List<PreprocessStageConfig> preprocessing) {
    return preprocessing.stream().map(PreprocessStageConfig::output).toList();
  }

  private static List<String> outputsOf(List<TrainingSchedule.Step> steps) {
    return steps.stream().map(s -> s.train().output()).toList();
  }
}
