package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.drgrade.preprocess.PreprocessSummary;
import picocli.CommandLine.Command;

@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Crop each ingested image to its eye (adaptive threshold), scale and pad to S x S, equalise R, G, B",
      "over the eye; on the executors, in committed batches (a rerun skips what is done).",
      "Writes batches/, manifest/, quarantine/, channel_stats.json, gallery.png, summary.json under drgrade.preprocess.output."
    })
final class PreprocessCommand extends SparkCommand {
  private PreprocessStageConfig preprocess;

  @Override
  protected void prepare(DrgradeConfig config) {
    preprocess = PreprocessStageConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    PreprocessSummary summary = new PreprocessStage(spark).run(preprocess);
    System.out.println(summary.text());
    return summary.countsAddUp() ? 0 : 1;
  }
}
