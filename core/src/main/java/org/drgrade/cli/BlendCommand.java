package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.blend.BlendConfig;
import org.drgrade.blend.BlendStage;
import org.drgrade.config.DrgradeConfig;
import picocli.CommandLine.Command;

@Command(
    name = "blend",
    mixinStandardHelpOptions = true,
    description = {
      "Blend each patient's two eyes: fit the linear blend and the 10-500-500-5 blend network on the",
      "validation predictions (network kappa out-of-fold), report kappa before and after each, and apply",
      "drgrade.blend.method to every patient on the executors. Writes predictions/, report.json, summary.json."
    })
final class BlendCommand extends SparkCommand {
  private BlendConfig blend;

  @Override
  protected void prepare(DrgradeConfig config) {
    blend = BlendConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    System.out.println(new BlendStage(spark).run(blend).text());
    return 0;
  }
}
