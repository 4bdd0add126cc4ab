package org.drgrade.blend;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.grading.Split;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.predict.PredictionsTable;

/**
 * Stage 5: per-patient eye blending. The validation patients' pairs (10 numbers each) come to the
 * driver, where the linear weight and the blend network (patient-level cross-validation) are
 * fitted; the chosen blender is then applied to every patient on the executors. Validation rows get
 * the chosen blender's out-of-fold output, so the validation kappa decide reports stays honest.
 * Images that are neither a left nor a right eye pass through unblended. The fitted blender goes
 * into the model directory (blender.zip and model.json's blender). Writes predictions/ (same schema
 * as predict's), report.json, summary.json and _SUCCESS.
 */
public final class BlendStage {
  private static final Logger LOG = LogManager.getLogger(BlendStage.class);

  private static final String VALIDATION = Split.VALIDATION.label();

  private final SparkSession spark;
  private final HadoopFiles files;

  public BlendStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public BlendSummary run(BlendConfig cfg) {
    long start = System.nanoTime();
    return new Stage(files, cfg.output(), new Stage.Input("predict output", cfg.input(), "predict"))
        .run(() -> blend(cfg, start));
  }

  /** The stage's own work: fit the blender, apply it, write predictions/ and report.json. */
  private BlendSummary blend(BlendConfig cfg, long start) {
    Dataset<Row> predictions = spark.read().parquet(PredictionsTable.dir(cfg.input()));
    Dataset<Row> pairs = PatientPairs.of(predictions).persist();
    List<EyePair> validation = new ArrayList<>();
    List<Row> validationPairs =
        pairs.filter(col("split").equalTo(VALIDATION)).orderBy("patient").collectAsList();
    for (Row r : validationPairs) {
      validation.add(PatientPairs.toPair(r));
    }
    long twoEyed = validation.stream().filter(EyePair::hasBothEyes).count();
    LOG.info(
        "blend: fitting on {} validation patients ({} with both eyes)", validation.size(), twoEyed);
    String method = cfg.method();
    BlendReport report = null;
    LinearBlend.Fit linear = null;
    List<EyePair> linearOutOfFold = null;
    BlendNetworkFit network = null;
    if (twoEyed < cfg.network().folds()) {
      // Too few pairs to fit or cross-validate anything: pass the predictions through, and say so.
      LOG.warn(
          "blend: {} validation patients with both eyes < {} folds: predictions pass through unblended",
          twoEyed,
          cfg.network().folds());
      method = BlendConfig.NONE;
    } else {
      linear = LinearBlend.fit(validation);
      // its one weight is fitted on these patients too: scored and applied out of fold, like the
      // network, or the validation kappa decide reports would be the fit's
      linearOutOfFold =
          OutOfFoldBlend.of(
              validation,
              cfg.network().folds(),
              cfg.network().seed(),
              fitted -> LinearBlend.fit(fitted).blend());
      network = BlendNetworkFit.crossValidate(validation, cfg.network());
      report = BlendReport.of(linear, BlendScores.of(linearOutOfFold), network);
      LOG.info("blend: {}", report);
    }

    ModelStore modelStore = new ModelStore(files, cfg.model());
    if (network != null) {
      modelStore.writeFile(ModelStore.BLENDER_FILE, network.model().toBytes());
    }
    var state =
        new ModelDescriptor.BlenderState(
            method,
            linear == null ? 1.0 : linear.blend().ownWeight(),
            network == null ? null : ModelStore.BLENDER_FILE,
            validation.size());
    modelStore.update(d -> d.withBlender(state));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> model =
        sc.broadcast(network == null ? new byte[0] : network.model().toBytes());
    Dataset<Row> others =
        EyeBlending.applyToPairs(pairs.filter(col("split").notEqual(VALIDATION)), state, model)
            .unionByName(PatientPairs.unpaired(predictions));
    List<EyePair> validationBlended =
        switch (method) {
          case BlendConfig.NETWORK -> network.outOfFold();
          case BlendConfig.LINEAR -> linearOutOfFold;
          default -> validation;
        };
    List<Row> validationRows = new ArrayList<>();
    for (int i = 0; i < validationBlended.size(); i++) {
      validationRows.addAll(PatientPairs.rows(validationPairs.get(i), validationBlended.get(i)));
    }
    String out = PredictionsTable.dir(cfg.output());
    others
        .unionByName(spark.createDataFrame(validationRows, PredictionsTable.SCHEMA))
        .write()
        .mode("overwrite")
        .parquet(out);
    model.destroy();
    pairs.unpersist();

    long images = spark.read().parquet(out).count();
    BlendSummary summary =
        new BlendSummary(
            "blend",
            cfg.output(),
            method,
            validation.size(),
            images,
            report,
            (System.nanoTime() - start) / 1e9);
    if (report != null) {
      files.writeText(HadoopFiles.join(cfg.output(), "report.json"), Json.pretty(report));
    }
    return summary;
  }
}
