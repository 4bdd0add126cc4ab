package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.drgrade.preprocess.PreprocessSummary;
import org.drgrade.train.TrainingSchedule;
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
  private TrainingSchedule schedule;

  @Override
  protected void prepare(DrgradeConfig config) {
    schedule = TrainingSchedule.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    // every size drgrade.train.schedule trains at, once (one size without a schedule)
    for (PreprocessStageConfig preprocess : schedule.preprocessing()) {
      PreprocessSummary summary = new PreprocessStage(spark).run(preprocess);
      System.out.println(summary.text());
      if (!summary.countsAddUp()) {
        return 1;
      }
    }
    return 0;
  }
}
