package org.drgrade.report;

import org.drgrade.config.DrgradeConfig;

/**
 * The report stage's settings (drgrade.report.*) and the stage outputs it reads, taken from the
 * other stages' own keys so the report always describes the run those keys configure.
 */
public record ReportConfig(
    String run,
    String output,
    String ingest,
    String preprocess,
    String train,
    String predict,
    String blend,
    String decide,
    int quarantineRows) {

  public static ReportConfig from(DrgradeConfig config) {
    return new ReportConfig(
        config.string("run.output"),
        config.string("report.output"),
        config.string("ingest.output"),
        config.string("preprocess.output"),
        config.string("train.output"),
        config.string("predict.output"),
        config.string("blend.output"),
        config.string("decide.output"),
        config.positive("report.quarantine-rows", 0));
  }
}
