package org.drgrade.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.blend.BlendReport;
import org.drgrade.decide.DecideSummary;
import org.drgrade.decide.ValidationRules;
import org.drgrade.grading.Grades;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.io.StageMarker;
import org.drgrade.preprocess.PreprocessSummary;
import org.drgrade.train.TrainSummary;

/**
 * Everything the report shows, read from the stage outputs: summaries, the epoch history, every
 * rule's validation figures before and after blending (decide's validation_rules.json), the
 * submission and the first rows of both quarantine tables. All of it is small.
 */
record ReportInputs(
    IngestSummary ingest,
    PreprocessSummary preprocess,
    TrainSummary train,
    DecideSummary decide,
    Optional<BlendReport> blend,
    RuleResults beforeBlending,
    RuleResults afterBlending,
    long[] submissionHistogram,
    List<QuarantineRow> quarantine,
    long quarantineTotal) {

  /** Reads what the report shows; {@link ReportStage} has checked the stages complete. */
  static ReportInputs read(SparkSession spark, HadoopFiles files, ReportConfig cfg) {
    DecideSummary decide = summary(files, cfg.decide(), DecideSummary.class);
    String blendReport = HadoopFiles.join(cfg.blend(), "report.json");
    Optional<BlendReport> blend =
        StageMarker.isComplete(files, cfg.blend()) && files.exists(blendReport)
            ? Optional.of(Json.parse(files.readText(blendReport), BlendReport.class))
            : Optional.empty();
    Dataset<Row> ingestQuarantine =
        spark
            .read()
            .parquet(HadoopFiles.join(cfg.ingest(), "quarantine"))
            .selectExpr("'ingest' as stage", "image", "path", "reason", "detail");
    Dataset<Row> preprocessQuarantine =
        spark
            .read()
            .parquet(HadoopFiles.join(cfg.preprocess(), "quarantine"))
            .selectExpr(
                "'preprocess' as stage", "image", "source_path as path", "reason", "detail");
    Dataset<Row> quarantine = ingestQuarantine.unionAll(preprocessQuarantine);
    List<QuarantineRow> shown = new ArrayList<>();
    for (Row r : quarantine.orderBy("stage", "path").limit(cfg.quarantineRows()).collectAsList()) {
      shown.add(
          new QuarantineRow(
              r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
    }
    ValidationRules rules = ValidationRules.read(files, cfg.decide());
    return new ReportInputs(
        summary(files, cfg.ingest(), IngestSummary.class),
        summary(files, cfg.preprocess(), PreprocessSummary.class),
        summary(files, cfg.train(), TrainSummary.class),
        decide,
        blend,
        RuleResults.of(rules.beforeBlending()),
        RuleResults.of(rules.afterBlending()),
        submissionHistogram(files, cfg.decide()),
        shown,
        quarantine.count());
  }

  private static <T> T summary(HadoopFiles files, String stageDir, Class<T> type) {
    return Json.parse(files.readText(HadoopFiles.join(stageDir, Stage.SUMMARY)), type);
  }

  /** Grades of submission.csv ({@code image,level}) counted per grade. */
  private static long[] submissionHistogram(HadoopFiles files, String decideDir) {
    long[] histogram = new long[Grades.COUNT];
    files
        .readText(HadoopFiles.join(decideDir, "submission.csv"))
        .lines()
        .skip(1)
        .filter(l -> !l.isBlank())
        .forEach(l -> histogram[Integer.parseInt(l.substring(l.lastIndexOf(',') + 1).trim())]++);
    return histogram;
  }
}
