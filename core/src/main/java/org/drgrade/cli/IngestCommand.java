package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.IngestStage;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.ingest.InputPaths;
import org.drgrade.spark.SparkSessions;
import picocli.CommandLine.Command;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "List images under drgrade.ingest.images (file:, s3a:, ...), check every file and join the labels.",
      "Writes images/ and quarantine/ (Parquet), summary.json and _SUCCESS under drgrade.ingest.output."
    })
final class IngestCommand extends SparkCommand {
  private IngestConfig ingest;

  @Override
  protected void prepare(DrgradeConfig config) {
    ingest = IngestConfig.from(config);
    var hadoop = SparkSessions.hadoopConf(config);
    InputPaths.expand("drgrade.ingest.images", ingest.images(), hadoop);
    InputPaths.expand("drgrade.ingest.labels", ingest.labels(), hadoop);
    InputPaths.expand("drgrade.ingest.test-images", ingest.testImages(), hadoop);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    IngestSummary summary = new IngestStage(spark).run(ingest);
    System.out.println(summary.text());
    return summary.countsAddUp() ? 0 : 1;
  }
}
