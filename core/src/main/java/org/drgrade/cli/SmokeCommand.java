package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.engine.TrainingWorkers;
import org.drgrade.train.SmokeTraining;
import org.drgrade.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "smoke",
    mixinStandardHelpOptions = true,
    description = {
      "On each executor, under the training GPU profile (drgrade.train.task-gpus), place drgrade.train.engine",
      "on the GPU Spark gives the task and fit a few minibatches of random images there; print where each",
      "task ran and how fast. Exit 1 with one line when a task given a GPU would train elsewhere."
    })
final class SmokeCommand extends SparkCommand {
  @Option(
      names = "--minibatches",
      defaultValue = "2",
      description = "Minibatches each task fits after one warm-up (default 2).")
  int minibatches;

  @Option(
      names = "--tasks",
      defaultValue = "0",
      description =
          "Tasks to run; 0 = the training workers (drgrade.train.workers, or its default: 1 in"
              + " local mode, one per GPU task or executor on a cluster).")
  int tasks;

  private TrainConfig train;

  @Override
  protected void prepare(DrgradeConfig config) {
    train = TrainConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    var sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    // One task per training worker, as train would run them (the same default).
    int n = tasks > 0 ? tasks : TrainingWorkers.resolve(sc, train.workers(), train.taskGpus());
    System.out.println(SmokeTraining.run(sc, train, n, Math.max(1, minibatches)).text());
    return 0;
  }
}
