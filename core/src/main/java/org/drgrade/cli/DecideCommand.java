package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.decide.DecideConfig;
import org.drgrade.decide.DecideStage;
import picocli.CommandLine.Command;

@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description = {
      "Turn distributions into grades on the driver with every rule (argmax, rounded expectation, tuned",
      "cut-points, annealing, exact proxy optimum); report each rule's proxy and validation kappa; write the",
      "Kaggle submission image,level from drgrade.decide.submission-rule."
    })
final class DecideCommand extends SparkCommand {
  private DecideConfig decide;

  @Override
  protected void prepare(DrgradeConfig config) {
    decide = DecideConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    System.out.println(new DecideStage(spark).run(decide).text());
    return 0;
  }
}
