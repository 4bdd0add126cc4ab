package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.train.ScheduledTraining;
import org.drgrade.train.TrainSummary;
import org.drgrade.train.TrainingSchedule;
import picocli.CommandLine.Command;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the grading network (docs/method.md) on the preprocessed images with parameter averaging (DL4J or libtorch) on the",
      "executors; checkpoint every epoch. Started again on the same output it resumes after the last",
      "complete checkpoint. Writes split/, checkpoints/, epochs/, metrics/, summary.json under drgrade.train.output.",
      "With drgrade.train.schedule, trains its steps in order, each warm-started from the one before."
    })
final class TrainCommand extends SparkCommand {
  private TrainingSchedule schedule;

  @Override
  protected void prepare(DrgradeConfig config) {
    schedule = TrainingSchedule.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    for (TrainSummary summary : new ScheduledTraining(spark).run(schedule)) {
      System.out.println(summary.text());
    }
    return 0;
  }
}
