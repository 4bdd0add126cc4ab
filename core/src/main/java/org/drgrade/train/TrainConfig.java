package org.drgrade.train;

import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeMap;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.drgrade.engine.WorkerRates;

/** The train stage's settings (drgrade.train.*), checked before Spark starts. */
public record TrainConfig(
    String input,
    String output,
    int sourceSize,
    int epochs,
    int batchSize,
    int averagingFrequency,
    int workers,
    int taskGpus,
    boolean gpuRequired,
    Engine engine,
    int threads,
    double validationFraction,
    int keepCheckpoints,
    NetworkSpec network,
    String model,
    int modelNetworks,
    ClassBalance classBalance,
    int folds,
    String warmStart,
    Averaging averaging) {

  /**
   * How W workers train together (drgrade.train.averaging, .rate-scaling, .warmup-epochs).
   *
   * @param trainer {@link AveragingPlan#DRGRADE}, {@link AveragingPlan#ALLREDUCE}, {@link
   *     AveragingPlan#ALLREDUCE_OVERLAP}, {@link AveragingPlan#DL4J_MASTER} or {@link
   *     AveragingPlan#DL4J_SHARED}
   * @param rateScaling {@link WorkerRates#NONE} or {@link WorkerRates#LINEAR}
   * @param warmupEpochs epochs over which scaled rates climb from the one-worker rate
   */
  public record Averaging(String trainer, String rateScaling, int warmupEpochs) {}

  /**
   * This run's settings with the network's learning rates for {@code workers} workers. Gradient
   * sharing ({@link AveragingPlan#DL4J_SHARED}) takes them as written: each of its workers applies
   * the sum of all workers' updates, which already scales the step with the workers.
   */
  public TrainConfig forWorkers(int workers) {
    String scaling =
        averaging.trainer().equals(AveragingPlan.DL4J_SHARED)
            ? WorkerRates.NONE
            : averaging.rateScaling();
    NetworkSpec scaled =
        network.withLearningRates(
            WorkerRates.scaled(
                network.learningRates(), workers, scaling, averaging.warmupEpochs()));
    return with(scaled, output, folds);
  }

  public static TrainConfig from(DrgradeConfig config) {
    int size = config.positive("preprocess.size", 16);
    int crop = config.positive("train.crop", 64);
    if (crop > size) {
      throw new ConfigError(
          "drgrade.train.crop ("
              + crop
              + ") must not exceed drgrade.preprocess.size ("
              + size
              + ")");
    }
    double fraction = config.number("train.validation-fraction");
    if (!(fraction > 0 && fraction < 1)) {
      throw new ConfigError("drgrade.train.validation-fraction must be in (0, 1), got " + fraction);
    }
    double dropout = config.number("train.dropout");
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigError("drgrade.train.dropout must be in [0, 1), got " + dropout);
    }
    double slope = config.number("train.leaky-relu-slope");
    if (!(slope >= 0 && slope < 1)) {
      throw new ConfigError("drgrade.train.leaky-relu-slope must be in [0, 1), got " + slope);
    }
    Map<Integer, Double> rates = new TreeMap<>();
    for (String step : config.strings("train.learning-rates")) {
      String[] parts = step.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        rates.put(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new ConfigError("drgrade.train.learning-rates: '" + step + "' is not epoch:rate");
      }
    }
    NetworkSpec spec;
    try {
      spec =
          new NetworkSpec(
              crop,
              3,
              dropout,
              config.number("train.l2"),
              config.number("train.momentum"),
              new TreeMap<>(rates),
              config.longValue("train.seed"),
              slope,
              head(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.train: " + e.getMessage(), e);
    }
    return new TrainConfig(
        config.string("preprocess.output"),
        config.string("train.output"),
        size,
        config.positive("train.epochs", 1),
        config.positive("train.batch-size", 1),
        config.positive("train.averaging-frequency", 1),
        config.positive("train.workers", 0),
        config.positive("train.task-gpus", 0),
        config.flag("train.gpu-required"),
        engine(config),
        config.positive("train.threads", 0),
        fraction,
        config.positive("train.keep-checkpoints", 1),
        spec,
        config.string("model.dir"),
        modelNetworks(config),
        classBalance(config),
        config.positive("train.folds", 1),
        config.string("train.warm-start").trim(),
        averaging(config, engine(config)));
  }

  static Averaging averaging(DrgradeConfig config, Engine engine) {
    String trainer = config.string("train.averaging");
    if (!trainer.equals(AveragingPlan.DRGRADE)
        && !trainer.equals(AveragingPlan.ALLREDUCE)
        && !trainer.equals(AveragingPlan.ALLREDUCE_OVERLAP)
        && !((trainer.equals(AveragingPlan.DL4J_MASTER)
                || trainer.equals(AveragingPlan.DL4J_SHARED))
            && engine.id().equals("dl4j"))) {
      throw new ConfigError(
          "drgrade.train.averaging is '"
              + trainer
              + "': '"
              + AveragingPlan.DRGRADE
              + "', '"
              + AveragingPlan.ALLREDUCE
              + "' or '"
              + AveragingPlan.ALLREDUCE_OVERLAP
              + "' (every engine), '"
              + AveragingPlan.DL4J_MASTER
              + "' or '"
              + AveragingPlan.DL4J_SHARED
              + "' (train.engine = dl4j only)");
    }
    String scaling = config.string("train.rate-scaling");
    if (!scaling.equals(WorkerRates.NONE) && !scaling.equals(WorkerRates.LINEAR)) {
      throw new ConfigError("drgrade.train.rate-scaling is '" + scaling + "': 'none' or 'linear'");
    }
    return new Averaging(trainer, scaling, config.positive("train.warmup-epochs", 0));
  }

  /** These settings resampling with {@code balance} instead. */
  public TrainConfig withClassBalance(ClassBalance balance) {
    return with(network, output, folds, balance);
  }

  /**
   * The settings of cross-validation fold {@code fold}: a single-split run of its own under {@code
   * <output>/folds/fold-<fold>} (split, checkpoints, epochs and metrics of that fold).
   */
  public TrainConfig forFold(int fold) {
    return with(network, foldOutput(output, fold), 1);
  }

  private TrainConfig with(NetworkSpec network, String output, int folds) {
    return with(network, output, folds, classBalance);
  }

  private TrainConfig with(
      NetworkSpec network, String output, int folds, ClassBalance classBalance) {
    return new TrainConfig(
        input,
        output,
        sourceSize,
        epochs,
        batchSize,
        averagingFrequency,
        workers,
        taskGpus,
        gpuRequired,
        engine,
        threads,
        validationFraction,
        keepCheckpoints,
        network,
        model,
        modelNetworks,
        classBalance,
        folds,
        warmStart,
        averaging);
  }

  /** Where fold {@code fold} of a cross-validated run into {@code trainOutput} trains. */
  public static String foldOutput(String trainOutput, int fold) {
    return org.drgrade.io.HadoopFiles.join(trainOutput, "folds/fold-" + fold);
  }

  static ClassBalance classBalance(DrgradeConfig config) {
    try {
      return new ClassBalance(
          config.number("train.class-balance.start"),
          config.number("train.class-balance.decay"),
          towardMix(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.train.class-balance: " + e.getMessage(), e);
    }
  }

  /** train.class-balance.toward: "training" (null: the natural mix) or five grade weights. */
  private static double[] towardMix(DrgradeConfig config) {
    String key = "train.class-balance.toward";
    ConfigValueType type = config.raw().getValue(key).valueType();
    if (type == ConfigValueType.STRING && config.string(key).equals("training")) {
      return null;
    }
    if (type != ConfigValueType.LIST) {
      throw new ConfigError(
          "drgrade." + key + " must be \"training\" or a list of 5 grade weights");
    }
    return config.numbers(key).stream().mapToDouble(Double::doubleValue).toArray();
  }

  static OutputHead head(DrgradeConfig config) {
    try {
      return OutputHead.of(config.string("train.head"));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.train.head: " + e.getMessage(), e);
    }
  }

  static Engine engine(DrgradeConfig config) {
    try {
      return Engines.of(config.string("train.engine"));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.train.engine: " + e.getMessage(), e);
    }
  }

  /**
   * The last K checkpoints the model keeps (and predict averages): drgrade.predict.checkpoints, at
   * most the checkpoints kept (predict's own config check reports a K above
   * drgrade.train.keep-checkpoints).
   */
  static int modelNetworks(DrgradeConfig config) {
    return Math.min(
        config.positive("predict.checkpoints", 1), config.positive("train.keep-checkpoints", 1));
  }

  public long seed() {
    return network.seed();
  }
}
