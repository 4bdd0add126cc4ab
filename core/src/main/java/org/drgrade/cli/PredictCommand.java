package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.predict.PredictConfig;
import org.drgrade.predict.PredictStage;
import picocli.CommandLine.Command;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict a 5-class distribution for every preprocessed image: the mean over drgrade.predict.augmentations",
      "test-time views and the last drgrade.predict.checkpoints checkpoints, on the executors.",
      "Writes predictions/ (image, patient, side, split, level, p0..p4) and summary.json under drgrade.predict.output."
    })
final class PredictCommand extends SparkCommand {
  private PredictConfig predict;

  @Override
  protected void prepare(DrgradeConfig config) {
    predict = PredictConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    System.out.println(new PredictStage(spark).run(predict).text());
    return 0;
  }
}
