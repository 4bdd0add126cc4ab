package org.drgrade.cli;

import java.util.concurrent.Callable;
import org.drgrade.engine.ModelSummary;
import org.drgrade.train.TrainConfig;
import org.drgrade.train.TrainingSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Describe the network built from the configuration (no Spark).")
final class ModelCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--summary",
      description = "Print the layer table with output shapes and parameter counts (default).")
  boolean summary = true;

  @Override
  public Integer call() {
    // the network the run ends with (drgrade.train.schedule's last step)
    TrainConfig train = TrainingSchedule.from(configOptions.load()).last().train();
    System.out.println(ModelSummary.of(train.network()).text());
    return 0;
  }
}
