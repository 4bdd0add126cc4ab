package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.train.TrainConfig;
import org.drgrade.train.TrainStage;
import org.drgrade.train.TrainSummary;
import picocli.CommandLine.Command;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the grading network (docs/method.md) on the preprocessed images with parameter averaging (DL4J or libtorch) on the",
      "executors; checkpoint every epoch. Started again on the same output it resumes after the last",
      "complete checkpoint. Writes split/, checkpoints/, epochs/, metrics/, summary.json under drgrade.train.output."
    })
final class TrainCommand extends SparkCommand {
  private TrainConfig train;

  @Override
  protected void prepare(DrgradeConfig config) {
    train = TrainConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    TrainSummary summary = new TrainStage(spark).run(train);
    System.out.println(summary.text());
    return 0;
  }
}
