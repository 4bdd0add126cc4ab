package org.drgrade.grade;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.blend.EyeBlending;
import org.drgrade.config.InputRejected;
import org.drgrade.grading.Decider;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.GradeCutPoints;
import org.drgrade.grading.GradeDistributions;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.IngestStage;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.predict.PredictStage;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.drgrade.preprocess.PreprocessSummary;
import org.drgrade.preprocess.PreprocessedTable;

/**
 * Grades new images with a saved model and nothing else: ingest (no labels) and preprocess with the
 * model's own preprocessing parameters, predict with its networks and standardisation and blend
 * with its blender on the executors, then a per-image decision rule on the driver ({@link
 * #defaultRule}; N x 5 numbers). Writes grades/, patients/ and quarantine/ as Parquet and CSV,
 * summary.json and, last, _SUCCESS under the output; the stages' own outputs stay under work/.
 */
public final class GradeStage {
  private static final Logger LOG = LogManager.getLogger(GradeStage.class);

  private final SparkSession spark;
  private final HadoopFiles files;

  public GradeStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /** The model's descriptor, checked to hold everything grading needs (blender and decision). */
  public static ModelDescriptor requireComplete(ModelStore model) {
    ModelDescriptor d = model.read();
    if (d.blender() == null) {
      throw new IllegalStateException(
          "model " + model.dir() + " has no fitted blender: run drgrade blend first");
    }
    if (d.decision() == null) {
      throw new IllegalStateException(
          "model " + model.dir() + " has no decision rule: run drgrade decide first");
    }
    return d;
  }

  /**
   * The rule that grades without --rule: one whose grade belongs to the image alone, so a patient's
   * grade never depends on who else was graded that day. That is the model's submission rule when
   * it is per-image, else the cut-points decide tuned on validation and stored in the model. The
   * batch rules (annealing, exact) stay available with --rule.
   */
  public static DecisionRule defaultRule(ModelDescriptor d) {
    DecisionRule submitted = DecisionRule.of(d.decision().rule());
    return submitted.perImage() ? submitted : DecisionRule.TUNED_CUT_POINTS;
  }

  public GradeSummary run(GradeConfig cfg, IngestConfig ingest) {
    long start = System.nanoTime();
    ModelStore model = new ModelStore(files, cfg.model());
    ModelDescriptor d = requireComplete(model);
    // A day's screening that grades nothing (or quarantines more than the limit) must fail loudly.
    return new Stage(files, cfg.output())
        .run(
            () -> grade(cfg, ingest, model, d, start),
            summary ->
                InputRejected.check(
                    "grade: files",
                    summary.filesFound(),
                    summary.graded(),
                    summary.quarantined(),
                    ingest.maxQuarantineFraction(),
                    HadoopFiles.join(cfg.output(), "quarantine.csv")));
  }

  /** The command's own work: ingest, preprocess, predict, blend and decide, then the tables. */
  private GradeSummary grade(
      GradeConfig cfg, IngestConfig ingest, ModelStore model, ModelDescriptor d, long start) {
    // The steps are not judged one by one: grade judges the whole once its outputs are written.
    IngestSummary ingested = new IngestStage(spark).run(ingest, false);
    LOG.info(ingested.text());
    String preprocessed = cfg.preprocessed();
    // Preprocess skips images it already did; results made for another model's parameters must not
    // be reused.
    if (files.exists(preprocessed)
        && (!files.exists(HadoopFiles.join(preprocessed, PreprocessStage.PARAMETERS_FILE))
            || !PreprocessStage.parameters(files, preprocessed).equals(d.input().parameters()))) {
      files.delete(preprocessed);
    }
    PreprocessSummary pre =
        new PreprocessStage(spark)
            .run(
                new PreprocessStageConfig(
                    ingest.output(),
                    preprocessed,
                    d.input().parameters(),
                    cfg.batchImages(),
                    cfg.galleryImages()),
                false);
    LOG.info(pre.text());

    Dataset<Row> images =
        PreprocessedTable.images(spark, preprocessed)
            .select("image", "patient", "side", "level", "png")
            .withColumn("split", lit(PredictionsTable.TEST));
    String raw = PredictionsTable.dir(cfg.predicted());
    new PredictStage(spark).predict(images, model, d, cfg.views(), raw);
    Dataset<Row> blended = EyeBlending.apply(spark, spark.read().parquet(raw), model, d.blender());
    Dataset<Row> quality =
        spark
            .read()
            .parquet(PreprocessedTable.manifestDir(preprocessed))
            .filter(col("status").equalTo(PreprocessedTable.OK))
            .select("image", "quality", "source_path");
    List<Row> rows =
        blended
            .join(quality, "image")
            .orderBy("image")
            .select(
                "image", "patient", "side", "p0", "p1", "p2", "p3", "p4", "quality", "source_path")
            .collectAsList();

    DecisionRule rule = cfg.rule() != null ? DecisionRule.of(cfg.rule()) : defaultRule(d);
    double[][] p = new double[rows.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = PredictionsTable.normalise(PredictionsTable.distribution(rows.get(i)));
    }
    int[] grades =
        Decider.labels(rule, p, new GradeCutPoints(d.decision().cutPoints()), d.decision().seed());
    int referableFrom = d.classes().referableFrom();
    List<GradesTable.ImageGrade> graded = new ArrayList<>(rows.size());
    for (int i = 0; i < p.length; i++) {
      Row r = rows.get(i);
      graded.add(
          new GradesTable.ImageGrade(
              r.getAs("image"),
              r.getAs("patient"),
              r.getAs("side"),
              grades[i],
              grades[i] >= referableFrom,
              GradeDistributions.referableProbability(p[i]),
              GradeDistributions.expectedGrade(p[i]),
              p[i],
              r.getAs("quality"),
              r.getAs("source_path")));
    }
    List<GradesTable.PatientGrade> patients = GradesTable.patients(graded);
    GradesTable tables = new GradesTable(spark, files, cfg.output());
    tables.writeImages(graded);
    tables.writePatients(patients);
    long quarantined = tables.writeQuarantine(ingest.output(), preprocessed);

    Map<String, Long> byReason = new TreeMap<>();
    spark
        .read()
        .parquet(HadoopFiles.join(cfg.output(), GradesTable.QUARANTINE))
        .groupBy("reason")
        .count()
        .collectAsList()
        .forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
    Map<Integer, Long> byGrade = new TreeMap<>();
    graded.forEach(g -> byGrade.merge(g.grade(), 1L, Long::sum));
    List<String> notes = new ArrayList<>();
    if (!rule.perImage()) {
      notes.add(
          "rule "
              + rule.label()
              + " is a batch rule: it labels the "
              + graded.size()
              + " images graded together as one set, so an image's grade depends on the others"
              + " (without --rule, grade uses "
              + defaultRule(d).label()
              + ", which grades each image alone)");
    }
    if (cfg.rule() != null && rule != defaultRule(d)) {
      notes.add(
          "rule "
              + rule.label()
              + " given on the command line instead of the model's per-image rule "
              + defaultRule(d).label());
    }
    GradeSummary summary =
        new GradeSummary(
            "grade",
            cfg.model(),
            String.join(",", ingest.images()),
            cfg.output(),
            ingested.filesFound(),
            graded.size(),
            quarantined,
            byReason,
            byGrade,
            graded.stream().filter(GradesTable.ImageGrade::referable).count(),
            patients.size(),
            patients.stream().filter(GradesTable.PatientGrade::referable).count(),
            rule.label(),
            rule.perImage(),
            d.blender().method(),
            notes,
            (System.nanoTime() - start) / 1e9);
    return summary;
  }
}
