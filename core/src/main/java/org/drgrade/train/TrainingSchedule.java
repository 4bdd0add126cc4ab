package org.drgrade.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.io.HadoopFiles;
import org.drgrade.preprocess.PreprocessStageConfig;

/**
 * drgrade.train.schedule: progressive resizing in one run (team o_O, Kaggle 2015: 128 -> 256 -> 512
 * px). Each step preprocesses at its own size and trains its own network, warm-started from the
 * previous step's model, on the same patient split or folds. Without a schedule the run is one step
 * of preprocess.size, train.crop and train.epochs.
 *
 * <p>Where the steps live: the last step is the run itself (drgrade.preprocess.output,
 * drgrade.train.output, drgrade.model.dir), so predict, blend, decide, report and grade read the
 * last step's images and networks as they read any run's. An earlier step of another size
 * preprocesses into {@code <preprocess.output>-<size>}; earlier step k (1-based) trains into {@code
 * <train.output>-step-k}, with its model in {@code model/} there.
 *
 * @param steps in training order; the last one is the run's own
 */
public record TrainingSchedule(List<Step> steps) {

  /** The keys a step may give; the others are the run's own. */
  private static final Set<String> STEP_KEYS = Set.of("size", "crop", "epochs", "learning-rates");

  /**
   * One step: its preprocessing and its training settings, as if it were a run of its own.
   *
   * @param number 1-based
   */
  public record Step(int number, PreprocessStageConfig preprocess, TrainConfig train) {
    public String text() {
      return String.format(
          "step %d: %d px, crop %d, %d epochs%s",
          number,
          train.sourceSize(),
          train.network().inputSize(),
          train.epochs(),
          train.warmStart().isEmpty() ? "" : ", warm-started from " + train.warmStart());
    }
  }

  public TrainingSchedule {
    steps = List.copyOf(steps);
  }

  /** The schedule of {@code config}, every step's settings checked (before Spark starts). */
  public static TrainingSchedule from(DrgradeConfig config) {
    List<Map<String, Object>> given = given(config);
    if (given.isEmpty()) {
      return new TrainingSchedule(
          List.of(new Step(1, PreprocessStageConfig.from(config), TrainConfig.from(config))));
    }
    String preprocessOutput = config.string("preprocess.output");
    String trainOutput = config.string("train.output");
    Object lastSize = given.get(given.size() - 1).get("size");
    List<Step> steps = new ArrayList<>();
    String previousModel = config.string("train.warm-start");
    for (int k = 0; k < given.size(); k++) {
      boolean last = k == given.size() - 1;
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("train.schedule", List.of());
      values.put("preprocess.size", given.get(k).get("size"));
      values.put("train.crop", given.get(k).get("crop"));
      values.put("train.epochs", given.get(k).get("epochs"));
      if (given.get(k).containsKey("learning-rates")) {
        values.put("train.learning-rates", given.get(k).get("learning-rates"));
      }
      values.put(
          "preprocess.output",
          given.get(k).get("size").equals(lastSize)
              ? preprocessOutput
              : preprocessOutput + "-" + given.get(k).get("size"));
      String output = last ? trainOutput : trainOutput + "-step-" + (k + 1);
      values.put("train.output", output);
      values.put("model.dir", last ? config.string("model.dir") : modelOf(output));
      values.put("train.warm-start", previousModel);
      DrgradeConfig step = config.with(values);
      try {
        steps.add(new Step(k + 1, PreprocessStageConfig.from(step), TrainConfig.from(step)));
      } catch (ConfigError e) {
        throw new ConfigError("drgrade.train.schedule step " + (k + 1) + ": " + e.getMessage(), e);
      }
      previousModel = modelOf(output);
    }
    return new TrainingSchedule(steps);
  }

  /** The model directory of an earlier step that trained into {@code trainOutput}. */
  static String modelOf(String trainOutput) {
    return HadoopFiles.join(trainOutput, "model");
  }

  /** The step objects as given, each checked for its keys. */
  private static List<Map<String, Object>> given(DrgradeConfig config) {
    List<? extends Config> list;
    try {
      list = config.raw().getConfigList("train.schedule");
    } catch (ConfigException e) {
      throw new ConfigError(
          "drgrade.train.schedule must be a list of steps like {size: 128, crop: 112, epochs: 30}: "
              + e.getMessage(),
          e);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int k = 0; k < list.size(); k++) {
      Config step = list.get(k);
      Map<String, Object> values = new LinkedHashMap<>();
      for (String key : step.root().keySet()) {
        if (!STEP_KEYS.contains(key)) {
          throw new ConfigError(
              "drgrade.train.schedule step "
                  + (k + 1)
                  + " has key '"
                  + key
                  + "': a step takes "
                  + String.join(", ", new java.util.TreeSet<>(STEP_KEYS)));
        }
      }
      for (String key : List.of("size", "crop", "epochs")) {
        if (!step.hasPath(key)) {
          throw new ConfigError("drgrade.train.schedule step " + (k + 1) + " needs '" + key + "'");
        }
        try {
          values.put(key, step.getInt(key));
        } catch (ConfigException e) {
          throw new ConfigError(
              "drgrade.train.schedule step " + (k + 1) + ": '" + key + "' must be a whole number",
              e);
        }
      }
      if (step.hasPath("learning-rates")) {
        values.put("learning-rates", step.getStringList("learning-rates"));
      }
      out.add(values);
    }
    return out;
  }

  /** The run's own step: the one predict, blend, decide and grade read. */
  public Step last() {
    return steps.get(steps.size() - 1);
  }

  /** Each preprocess output the steps read, once, in step order. */
  public List<PreprocessStageConfig> preprocessing() {
    Map<String, PreprocessStageConfig> byOutput = new LinkedHashMap<>();
    steps.forEach(s -> byOutput.putIfAbsent(s.preprocess().output(), s.preprocess()));
    return List.copyOf(byOutput.values());
  }
}
