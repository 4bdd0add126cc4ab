package org.drgrade.predict;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.engine.Engines;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
import org.drgrade.model.Augmenter;
import org.drgrade.model.InputContract;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.model.Standardisation;
import org.drgrade.preprocess.PreprocessedTable;
import org.drgrade.spark.Progress;

/**
 * Stage 4: one 5-class distribution per image, the mean over T test-time augmentations and the
 * model's K networks (the last K epoch checkpoints), computed on the executors. Reads the network's
 * input contract from the model directory only. Writes predictions/ (Parquet: image, patient, side,
 * split, level, p0..p4), summary.json and _SUCCESS.
 */
public final class PredictStage {
  private static final Logger LOG = LogManager.getLogger(PredictStage.class);

  private final SparkSession spark;
  private final HadoopFiles files;

  public PredictStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Predicts the images whose split is one of {@code cfg.splits()}, every image when none are
   * named.
   */
  public PredictSummary run(PredictConfig cfg) {
    List<String> splits = cfg.splits();
    long start = System.nanoTime();
    return new Stage(files, cfg.output(), new Stage.Input("train output", cfg.trained(), "train"))
        .run(() -> predictAll(cfg, splits, start));
  }

  /** The stage's own work: the predictions table of every image of {@code splits}. */
  private PredictSummary predictAll(PredictConfig cfg, List<String> splits, long start) {
    ModelStore model = new ModelStore(files, cfg.model());
    ModelDescriptor descriptor = model.read();

    Dataset<Row> split = spark.read().parquet(HadoopFiles.join(cfg.trained(), "split"));
    if (!List.of(split.columns()).contains("fold")) {
      split = split.withColumn("fold", lit(null).cast("int")); // a single-split run
    }
    Dataset<Row> images =
        PreprocessedTable.images(spark, cfg.preprocessed())
            // training-only images (drgrade.ingest.extra-images) are never scored, blended or
            // submitted: predicting them would only cost time
            .filter(not(col("train_only")))
            .select("image", "patient", "side", "level", "png")
            .join(
                split,
                scala.collection.JavaConverters.asScalaBuffer(List.of("patient")).toSeq(),
                "left")
            .withColumn(
                "split",
                coalesce(
                    col("split"),
                    when(col("level").isNull(), lit(PredictionsTable.TEST))
                        .otherwise(lit(PredictionsTable.UNASSIGNED))));
    if (!splits.isEmpty()) {
      images = images.filter(col("split").isin(splits.toArray()));
    }
    String out = PredictionsTable.dir(cfg.output());
    long total = predict(images, model, descriptor, cfg.views(), out);

    Dataset<Row> predictions = spark.read().parquet(out);
    Map<String, Long> bySplit = new TreeMap<>();
    predictions
        .groupBy("split")
        .count()
        .collectAsList()
        .forEach(r -> bySplit.put(r.getString(0), r.getLong(1)));
    PredictSummary summary =
        new PredictSummary(
            "predict",
            cfg.output(),
            total,
            bySplit,
            cfg.views().augmentations(),
            descriptor.training().networkEpochs(),
            PredictionsTable.validationMetrics(predictions),
            (System.nanoTime() - start) / 1e9);
    return summary;
  }

  /**
   * Writes one distribution per row of {@code images} (image, patient, side, split, level, png and,
   * for a cross-validated model, fold: a row with a fold gets that fold's networks only) to {@code
   * out} as the predictions table, with the model's networks, input contract and standardisation
   * (never preprocess's current statistics), on the executors. Returns the number of images.
   */
  public long predict(
      Dataset<Row> images,
      ModelStore model,
      ModelDescriptor descriptor,
      PredictConfig.Views views,
      String out) {
    long total = images.count();
    InputContract input = descriptor.input();
    LOG.info(
        "predict: {} images, {} augmentations x {} networks (epochs {}{}) of model {}",
        total,
        views.augmentations(),
        descriptor.networks().size(),
        descriptor.training().networkEpochs(),
        descriptor.crossValidated()
            ? "; labelled images out of fold, by their fold's "
                + descriptor.networkFolds().stream().filter(f -> f == 0).count()
                + ", others by all"
            : "",
        model.dir());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // A mutable list: Kryo (the broadcast serializer) cannot rebuild Java's immutable
    // List.of/toList lists.
    Broadcast<List<byte[]>> nets =
        sc.broadcast(new java.util.ArrayList<>(model.networks(descriptor)));
    // Each network's views standardised as it was trained (a fold's own training statistics);
    // networks with the same statistics share one augmenter, and so their views.
    Map<Standardisation, Augmenter> byStatistics = new HashMap<>();
    List<Augmenter> augmenters = new ArrayList<>();
    for (int i = 0; i < descriptor.networks().size(); i++) {
      augmenters.add(
          byStatistics.computeIfAbsent(
              descriptor.standardisationOf(i),
              s -> new Augmenter(input.sourceSize(), input.crop(), s, views.seed())));
    }
    try (Progress progress = new Progress(spark, "predict images", total, 10)) {
      int partitions = Math.max(sc.defaultParallelism(), (int) Math.min(total / 50, 4000));
      images
          .repartition(partitions)
          .mapPartitions(
              new PredictTask(
                  Engines.of(descriptor.engine()),
                  nets,
                  descriptor.networkFolds(),
                  augmenters,
                  input.sourceSize(),
                  views,
                  progress.counter()),
              Encoders.row(PredictionsTable.SCHEMA))
          .write()
          .mode("overwrite")
          .parquet(out);
    }
    nets.destroy();
    return total;
  }
}
