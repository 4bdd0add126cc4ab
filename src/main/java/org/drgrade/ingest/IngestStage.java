package org.drgrade.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.config.InputRejected;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.StageMarker;
import org.drgrade.spark.Progress;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * Stage 1: list images under any Hadoop URI with Spark's binaryFile source (content is never read
 * through it), check each file on the executors, join the labels and split into an accepted images
 * table and a quarantine table. Outputs under {@code drgrade.ingest.output}: images/, quarantine/
 * (Parquet), summary.json, and _SUCCESS written last.
 */
public final class IngestStage {
  private static final Logger LOG = LogManager.getLogger(IngestStage.class);

  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add("path", DataTypes.StringType, false)
          .add("image", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false)
          .add("detail", DataTypes.StringType, true);

  private static final StructType LABEL_SCHEMA =
      new StructType()
          .add("label_image", DataTypes.StringType, false)
          .add("level", DataTypes.IntegerType, true)
          .add("label_reason", DataTypes.StringType, true)
          .add("label_detail", DataTypes.StringType, true)
          .add("label_origin", DataTypes.StringType, false);

  private final SparkSession spark;
  private final HadoopFiles files;

  public IngestStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public IngestSummary run(IngestConfig cfg) {
    return run(cfg, true);
  }

  /**
   * @param judge apply drgrade.ingest.max-quarantine-fraction here; false for a command that runs
   *     ingest as one step of its own work and judges the whole (grade)
   */
  public IngestSummary run(IngestConfig cfg, boolean judge) {
    long start = System.nanoTime();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> imageRoots = InputPaths.expand("drgrade.ingest.images", cfg.images(), hadoop);
    List<String> testRoots =
        InputPaths.expand("drgrade.ingest.test-images", cfg.testImages(), hadoop);
    List<String> labelFiles = InputPaths.expand("drgrade.ingest.labels", cfg.labels(), hadoop);
    StageMarker.clear(files, cfg.output());

    List<String> warnings = new ArrayList<>();
    List<LabelRow> labelRows = new ArrayList<>();
    for (String file : labelFiles) {
      LabelsCsv.Parsed parsed = readLabels(file);
      labelRows.addAll(parsed.rows());
      warnings.addAll(parsed.warnings());
    }
    List<LabelDecision> decisions = LabelDecision.decideAll(labelRows);

    List<String> roots = new ArrayList<>(imageRoots);
    roots.addAll(testRoots);
    Dataset<Row> listed = list(roots).filter(col("path").isin(labelFiles.toArray()).unary_$bang());
    long total = listed.count();
    LOG.info("ingest: {} files listed under {}", total, cfg.images());
    int partitions =
        (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(2000, total / 100));

    Dataset<Row> checked;
    try (Progress progress = new Progress(spark, "ingest files", total, 10)) {
      FileCheck check =
          new FileCheck(
              new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()),
              cfg.extensions(),
              cfg.maxPixels(),
              ImageName.compilePattern(cfg.namePattern()),
              progress.counter());
      checked =
          listed
              .repartition(partitions)
              .mapPartitions(check, Encoders.row(FileCheck.SCHEMA))
              .persist();
      checked.count();
    }

    Dataset<Row> verdicts =
        withLabels(
                markDuplicates(checked).withColumn("test", under(testRoots)),
                decisions,
                cfg.labelled())
            .persist();
    Dataset<Row> accepted =
        verdicts
            .filter(col("reason").isNull())
            .select(
                "image", "patient", "side", "level", "path", "bytes", "width", "height", "format");
    Dataset<Row> orphanLabels =
        spark
            .createDataFrame(labelRows(decisions), LABEL_SCHEMA)
            .join(
                checked.select("image").distinct(),
                col("label_image").equalTo(col("image")),
                "left_anti")
            .select(
                lit("label").as("kind"),
                col("label_origin").as("path"),
                col("label_image").as("image"),
                lit(QuarantineReason.LABEL_WITHOUT_IMAGE.name()).as("reason"),
                concat(
                        lit("label row names '"),
                        col("label_image"),
                        lit("', which is not among the files found"))
                    .as("detail"));
    Dataset<Row> quarantine =
        verdicts
            .filter(col("reason").isNotNull())
            .select(lit("file").as("kind"), col("path"), col("image"), col("reason"), col("detail"))
            .unionByName(orphanLabels);

    accepted.write().mode("overwrite").parquet(HadoopFiles.join(cfg.output(), "images"));
    quarantine.write().mode("overwrite").parquet(HadoopFiles.join(cfg.output(), "quarantine"));

    IngestSummary summary = summarise(cfg, total, warnings, labelRows.size(), decisions, start);
    verdicts.unpersist();
    checked.unpersist();
    files.writeText(HadoopFiles.join(cfg.output(), "summary.json"), Json.pretty(summary));
    // Judged after the quarantine and summary are written (nothing lost) and before _SUCCESS (a
    // rejected ingest is not a complete stage that later stages or sensors may pick up).
    if (judge) {
      InputRejected.check(
          "ingest: files",
          summary.filesFound(),
          summary.accepted(),
          summary.quarantinedFiles(),
          cfg.maxQuarantineFraction(),
          HadoopFiles.join(cfg.output(), "quarantine"));
    }
    StageMarker.markComplete(files, cfg.output());
    return summary;
  }

  /**
   * Every file under the roots as (path, length). The binaryFile scan skips zero-byte files, so the
   * file index's own listing (inputFiles) is joined back in: an empty upload must be quarantined,
   * not lost. Only the listing is used; the content column is never read here.
   */
  private Dataset<Row> list(List<String> roots) {
    Dataset<Row> source =
        spark
            .read()
            .format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(roots.toArray(String[]::new));
    // inputFiles() gives URIs (a space is %20); the path column and Hadoop's Path(String) use the
    // decoded form, so each URI is decoded once here and every later open uses that one string.
    Dataset<Row> all =
        spark
            .createDataset(
                Arrays.stream(source.inputFiles()).map(IngestStage::decodedPath).toList(),
                Encoders.STRING())
            .toDF("path");
    Dataset<Row> scanned = source.select(col("path").as("scanned_path"), col("length"));
    return all.join(scanned, col("path").equalTo(col("scanned_path")), "left")
        .select(col("path"), coalesce(col("length"), lit(0L)).as("length"));
  }

  private static String decodedPath(String uri) {
    try {
      return new Path(new URI(uri)).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Spark listed a file whose URI does not parse: " + uri, e);
    }
  }

  /** Images whose name occurs in more than one accepted-so-far file: every copy is quarantined. */
  private static Dataset<Row> markDuplicates(Dataset<Row> checked) {
    var byImage = Window.partitionBy("image");
    Dataset<Row> ok =
        checked
            .filter(col("reason").isNull())
            .withColumn("copies", count(lit(1)).over(byImage))
            .withColumn("all_paths", collect_list("path").over(byImage));
    Dataset<Row> marked =
        ok.withColumn(
                "reason", when(col("copies").gt(1), lit(QuarantineReason.DUPLICATE_IMAGE.name())))
            .withColumn(
                "detail",
                when(
                    col("copies").gt(1),
                    concat(lit("same name in: "), concat_ws(", ", col("all_paths")))))
            .drop("copies", "all_paths");
    return marked.unionByName(checked.filter(col("reason").isNotNull()));
  }

  /** True for files under one of the test (unlabelled) roots. */
  private static org.apache.spark.sql.Column under(List<String> roots) {
    org.apache.spark.sql.Column any = lit(false);
    for (String root : roots) {
      String prefix = new Path(root).toString();
      any =
          any.or(col("path").startsWith(prefix.endsWith("/") ? prefix : prefix + "/"))
              .or(col("path").equalTo(prefix));
    }
    return any;
  }

  /**
   * Joins label decisions onto files that passed so far; a label problem becomes the file's reason.
   * Test images (under drgrade.ingest.test-images) are unlabelled by definition: no label is
   * joined.
   */
  private Dataset<Row> withLabels(
      Dataset<Row> files, List<LabelDecision> decisions, boolean labelled) {
    if (!labelled) {
      return files.withColumn("level", lit(null).cast(DataTypes.IntegerType));
    }
    Dataset<Row> labels = spark.createDataFrame(labelRows(decisions), LABEL_SCHEMA);
    Dataset<Row> joined =
        files.join(
            labels,
            col("image").equalTo(col("label_image")).and(col("test").unary_$bang()),
            "left");
    var fileOk = col("reason").isNull().and(col("test").unary_$bang());
    return joined
        .withColumn(
            "reason",
            when(
                    fileOk,
                    coalesce(
                        col("label_reason"),
                        when(
                            col("label_image").isNull(),
                            lit(QuarantineReason.LABEL_MISSING.name()))))
                .otherwise(col("reason")))
        .withColumn(
            "detail",
            when(
                    fileOk,
                    coalesce(
                        col("label_detail"),
                        when(col("label_image").isNull(), lit("no row in the labels file(s)"))))
                .otherwise(col("detail")))
        .withColumn("level", when(col("reason").isNull(), col("level")))
        .drop("label_image", "label_reason", "label_detail", "label_origin");
  }

  private static List<Row> labelRows(List<LabelDecision> decisions) {
    return decisions.stream()
        .map(
            d ->
                RowFactory.create(
                    d.image(),
                    d.level(),
                    d.ok() ? null : d.reason().name(),
                    d.detail(),
                    d.origin()))
        .toList();
  }

  private IngestSummary summarise(
      IngestConfig cfg,
      long total,
      List<String> warnings,
      long labelRowCount,
      List<LabelDecision> decisions,
      long start) {
    String out = cfg.output();
    Dataset<Row> images = spark.read().parquet(HadoopFiles.join(out, "images"));
    Dataset<Row> quarantine = spark.read().parquet(HadoopFiles.join(out, "quarantine"));
    Map<String, Long> byReason = new TreeMap<>();
    long quarantinedFiles = 0;
    long orphans = 0;
    for (Row r : quarantine.groupBy("kind", "reason").count().collectAsList()) {
      byReason.merge(r.getString(1), r.getLong(2), Long::sum);
      if (r.getString(0).equals("file")) {
        quarantinedFiles += r.getLong(2);
      } else {
        orphans += r.getLong(2);
      }
    }
    Map<String, Long> byLevel = new TreeMap<>();
    long unlabelled = 0;
    long accepted = 0;
    for (Row r : images.groupBy("level").count().collectAsList()) {
      accepted += r.getLong(1);
      if (r.isNullAt(0)) {
        unlabelled += r.getLong(1);
      } else {
        byLevel.put(String.valueOf(r.getInt(0)), r.getLong(1));
      }
    }
    long duplicateRows = decisions.stream().mapToLong(LabelDecision::duplicateRows).sum();
    return new IngestSummary(
        "ingest",
        cfg.images(),
        cfg.labels(),
        out,
        total,
        accepted,
        quarantinedFiles,
        byReason,
        byLevel,
        unlabelled,
        labelRowCount,
        duplicateRows,
        orphans,
        warnings,
        (System.nanoTime() - start) / 1e9);
  }

  private LabelsCsv.Parsed readLabels(String file) {
    try (InputStream in = files.fs(file).open(new Path(file))) {
      return LabelsCsv.read(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read labels " + file, e);
    }
  }
}
