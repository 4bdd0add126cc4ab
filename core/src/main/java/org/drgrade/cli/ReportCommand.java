package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.report.ReportConfig;
import org.drgrade.report.ReportStage;
import picocli.CommandLine.Command;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the run's report: one HTML page (index.html) with headline figures, PNG plots (loss and kappa",
      "per epoch, confusion matrix, kappa by decision rule before/after blending, grade distributions, referable DR",
      "sensitivity/specificity), the crop gallery and the quarantine table, under drgrade.report.output."
    })
final class ReportCommand extends SparkCommand {
  private ReportConfig report;

  @Override
  protected void prepare(DrgradeConfig config) {
    report = ReportConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    System.out.println(new ReportStage(spark).run(report).text());
    return 0;
  }
}
