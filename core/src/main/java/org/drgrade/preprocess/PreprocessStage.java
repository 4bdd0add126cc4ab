package org.drgrade.preprocess;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import org.apache.spark.sql.expressions.Window;
import org.drgrade.config.ConfigError;
import org.drgrade.config.InputRejected;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.spark.Progress;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * Stage 2: crop, letterbox and equalise every accepted image on the executors. Work is committed in
 * batches (see {@link PreprocessedTable}); a rerun skips every image whose name and source bytes
 * are already in a committed batch, so a crash costs at most one batch. Ends by writing manifest/,
 * quarantine/, channel_stats.json, preprocessing.json, gallery.png, summary.json and, last,
 * _SUCCESS.
 */
public final class PreprocessStage {
  private static final Logger LOG = LogManager.getLogger(PreprocessStage.class);

  /**
   * The per-image parameters of the last run (what a model trained on this output records as its
   * contract).
   */
  public static final String PARAMETERS_FILE = "preprocessing.json";

  private static final DateTimeFormatter BATCH_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final HadoopFiles files;

  public PreprocessStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public PreprocessSummary run(PreprocessStageConfig cfg) {
    return run(cfg, true);
  }

  /**
   * @param judge apply drgrade.ingest.max-quarantine-fraction here (false: the calling command
   *     judges the whole)
   */
  public PreprocessSummary run(PreprocessStageConfig cfg, boolean judge) {
    long start = System.nanoTime();
    return new Stage(files, cfg.output(), new Stage.Input("ingest output", cfg.input(), "ingest"))
        .run(
            () -> preprocess(cfg, start),
            summary -> {
              if (judge) {
                InputRejected.check(
                    "preprocess: images",
                    summary.inputImages(),
                    summary.ok(),
                    summary.quarantined(),
                    cfg.maxQuarantineFraction(),
                    HadoopFiles.join(cfg.output(), "quarantine"));
              }
            });
  }

  /**
   * The stage's own work: every image not yet in a committed batch, then the manifest, quarantine,
   * statistics, gallery and parameters.
   */
  private PreprocessSummary preprocess(PreprocessStageConfig cfg, long start) {
    PreprocessedTable.uncommittedBatches(files, cfg.output()).forEach(files::delete);

    Dataset<Row> ingested = spark.read().parquet(HadoopFiles.join(cfg.input(), "images"));
    Dataset<Row> input =
        PreprocessedTable.withTrainOnly(ingested)
            .select("image", "patient", "side", "level", "path", "width", "height", "train_only")
            .persist();
    long total = input.count();
    requireSameParameters(cfg);
    Map<String, String> done = doneKeys(cfg.output());
    Broadcast<Map<String, String>> doneBroadcast =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(done);
    LOG.info("preprocess: {} input images, {} results already committed", total, done.size());

    long processed;
    long skipped;
    try (Progress progress = new Progress(spark, "preprocess images", total, 10)) {
      var skippedCounter = spark.sparkContext().longAccumulator("preprocess skipped");
      PreprocessTask task =
          new PreprocessTask(
              new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()),
              cfg.image(),
              doneBroadcast,
              progress.counter(),
              skippedCounter);
      String runId = BATCH_ID.format(Instant.now());
      int batches = (int) Math.max(1, (total + cfg.batchImages() - 1) / cfg.batchImages());
      int partitions =
          Math.max(1, Math.min(cfg.batchImages(), spark.sparkContext().defaultParallelism() * 4));
      // Batches by a hash of the image name: deterministic and even without a global sort.
      Dataset<Row> numbered =
          input.withColumn("batch_index", pmod(hash(col("image")), lit(batches)));
      for (int b = 0; b < batches; b++) {
        Dataset<Row> slice = numbered.filter(col("batch_index").equalTo(b)).drop("batch_index");
        String dir =
            HadoopFiles.join(
                PreprocessedTable.batchesDir(cfg.output()), String.format("%s-%05d", runId, b));
        // Spark's committer writes the batch's _SUCCESS only after all its files are in place.
        slice
            .repartition(partitions)
            .mapPartitions(task, Encoders.row(PreprocessedTable.SCHEMA))
            .write()
            .mode("errorifexists")
            .parquet(dir);
      }
      // Counted from what was committed, not from accumulators (which a retried task can inflate).
      List<String> mine =
          PreprocessedTable.committedBatches(files, cfg.output()).stream()
              .filter(d -> d.substring(d.lastIndexOf('/') + 1).startsWith(runId))
              .toList();
      processed = mine.isEmpty() ? 0 : PreprocessedTable.allBatches(spark, mine).count();
      skipped = total - processed;
    }
    doneBroadcast.destroy();

    Dataset<Row> manifest = writeManifest(cfg, input);
    input.unpersist();
    PreprocessSummary summary = summarise(cfg, manifest, total, processed, skipped, start);
    Gallery.write(spark, files, cfg, manifest);
    files.writeText(HadoopFiles.join(cfg.output(), PARAMETERS_FILE), Json.pretty(cfg.image()));
    return summary;
  }

  /**
   * A rerun reuses the committed results of the output it writes to, so they must have been made
   * with the pixels-defining parameters of this run (method, size, cropper settings); otherwise a
   * new method or size would be silently mixed with the old one. The parameters are written before
   * any image is processed, so an interrupted first run is checked too.
   */
  private void requireSameParameters(PreprocessStageConfig cfg) {
    String path = HadoopFiles.join(cfg.output(), PARAMETERS_FILE);
    if (files.exists(path) && !PreprocessedTable.committedBatches(files, cfg.output()).isEmpty()) {
      PreprocessConfig earlier = Json.parse(files.readText(path), PreprocessConfig.class);
      if (!earlier.samePixelsAs(cfg.image())) {
        throw new ConfigError(
            "drgrade.preprocess.output "
                + cfg.output()
                + " holds images preprocessed with "
                + earlier.pixelsText()
                + "; this run asks for "
                + cfg.image().pixelsText()
                + ": give another drgrade.preprocess.output (or delete that one)");
      }
    }
    files.writeText(path, Json.pretty(cfg.image()));
  }

  /** The per-image parameters a complete preprocess output was made with. */
  public static PreprocessConfig parameters(HadoopFiles files, String stageDir) {
    String path = HadoopFiles.join(stageDir, PARAMETERS_FILE);
    if (!files.exists(path)) {
      throw new IllegalStateException(
          "no " + PARAMETERS_FILE + " in " + stageDir + ": rerun drgrade preprocess");
    }
    return Json.parse(files.readText(path), PreprocessConfig.class);
  }

  /** image -> SHA-256 of the source bytes of its latest committed result. */
  private Map<String, String> doneKeys(String stageDir) {
    List<String> batches = PreprocessedTable.committedBatches(files, stageDir);
    Map<String, String> done = new HashMap<>();
    if (!batches.isEmpty()) {
      // Batches are oldest first, so a later result for the same image overwrites an earlier one.
      for (String b : batches) {
        spark
            .read()
            .schema(PreprocessedTable.SCHEMA)
            .parquet(b)
            .select("image", "source_sha256")
            .toLocalIterator()
            .forEachRemaining(r -> done.put(r.getString(0), r.getString(1)));
      }
    }
    return done;
  }

  /** The latest result of every current input image (no pixels), with the batch that holds it. */
  private Dataset<Row> writeManifest(PreprocessStageConfig cfg, Dataset<Row> input) {
    List<String> batches = PreprocessedTable.committedBatches(files, cfg.output());
    Dataset<Row> latest =
        PreprocessedTable.allBatches(spark, batches)
            .drop("png")
            .withColumn(
                "rank", row_number().over(Window.partitionBy("image").orderBy(desc("batch"))))
            .filter(col("rank").equalTo(1))
            .drop("rank")
            // the current input's images only, each with its current training-only flag (which
            // is not part of the pixels: moving a folder to extra-images reprocesses nothing)
            .join(
                input.select(
                    col("image").as("in_image"), col("path").as("in_path"), col("train_only")),
                col("image")
                    .equalTo(col("in_image"))
                    .and(col("source_path").equalTo(col("in_path"))))
            .drop("in_image", "in_path");
    String manifestDir = PreprocessedTable.manifestDir(cfg.output());
    latest.write().mode("overwrite").parquet(manifestDir);
    Dataset<Row> manifest = spark.read().parquet(manifestDir);
    manifest
        .filter(col("status").notEqual(PreprocessedTable.OK))
        .select("image", "source_path", "reason", "detail")
        .write()
        .mode("overwrite")
        .parquet(HadoopFiles.join(cfg.output(), "quarantine"));
    return manifest;
  }

  private PreprocessSummary summarise(
      PreprocessStageConfig cfg,
      Dataset<Row> manifest,
      long total,
      long processed,
      long skipped,
      long start) {
    Map<String, Long> byReason = new TreeMap<>();
    manifest
        .filter(col("status").notEqual(PreprocessedTable.OK))
        .groupBy("reason")
        .count()
        .collectAsList()
        .forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
    Map<Integer, Long> reductions = new TreeMap<>();
    Dataset<Row> ok = manifest.filter(col("status").equalTo(PreprocessedTable.OK));
    ok.groupBy("decode_reduction")
        .count()
        .collectAsList()
        .forEach(r -> reductions.put(r.getInt(0), r.getLong(1)));
    long okCount = reductions.values().stream().mapToLong(Long::longValue).sum();
    Row q = ok.agg(avg("quality"), count("image")).first();
    ChannelStats stats = ChannelStatsTable.merged(ok.filter(col("level").isNotNull()));
    ChannelStatsTable.write(files, cfg.output(), stats);
    long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
    return new PreprocessSummary(
        "preprocess",
        cfg.input(),
        cfg.output(),
        cfg.image().outputSize(),
        total,
        okCount,
        quarantined,
        byReason,
        processed,
        skipped,
        reductions,
        q.isNullAt(0) ? 0 : q.getDouble(0),
        stats.count() > 0 ? stats.mean() : null,
        stats.count() > 0 ? stats.std() : null,
        (System.nanoTime() - start) / 1e9);
  }
}
