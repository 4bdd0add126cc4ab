package org.drgrade.ingest;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.config.InputRejected;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
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
    List<String> extraRoots =
        InputPaths.expand("drgrade.ingest.extra-images", cfg.extraImages(), hadoop);
    List<String> labelFiles =
        new ArrayList<>(InputPaths.expand("drgrade.ingest.labels", cfg.labels(), hadoop));
    labelFiles.addAll(InputPaths.expand("drgrade.ingest.extra-labels", cfg.extraLabels(), hadoop));
    return new Stage(files, cfg.output())
        .run(
            () -> ingest(cfg, imageRoots, testRoots, extraRoots, labelFiles, start),
            summary -> {
              if (judge) {
                InputRejected.check(
                    "ingest: files",
                    summary.filesFound(),
                    summary.accepted(),
                    summary.quarantinedFiles(),
                    cfg.maxQuarantineFraction(),
                    HadoopFiles.join(cfg.output(), "quarantine"));
              }
            });
  }

  /** The stage's own work: check the files, join the labels, write images/ and quarantine/. */
  private IngestSummary ingest(
      IngestConfig cfg,
      List<String> imageRoots,
      List<String> testRoots,
      List<String> extraRoots,
      List<String> labelFiles,
      long start) {
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
    roots.addAll(extraRoots);
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
                sameNames(checked).withColumn("test", under(testRoots)), decisions, cfg.labelled())
            .persist();
    // train_only: under drgrade.ingest.extra-images; preprocess carries it to train and predict
    Dataset<Row> accepted =
        verdicts
            .filter(col("reason").isNull())
            .withColumn("train_only", under(extraRoots))
            .select(
                "image",
                "patient",
                "side",
                "level",
                "path",
                "bytes",
                "width",
                "height",
                "format",
                "train_only");
    Dataset<Row> orphanLabels =
        spark
            .createDataFrame(labelRows(decisions), LABEL_SCHEMA)
            .join(
                checked.select("image").union(verdicts.select("image")).distinct(),
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

  private static final StructType RENAMES =
      new StructType()
          .add("renamed_path", DataTypes.StringType, false)
          .add("renamed_image", DataTypes.StringType, false)
          .add("renamed_patient", DataTypes.StringType, false);

  /**
   * Files that passed so far and share a name with another. Byte-identical copies keep one (the
   * first path) and quarantine the others as DUPLICATE_IMAGE naming the one kept. Different images
   * that share a name are all kept, their patients' images named by folder ({@link FolderNames}).
   * Adds "name" (the file's own stem, which a label row may use where no other image has it) and
   * "shared_paths" (the files of that name, when different images share it).
   */
  private Dataset<Row> sameNames(Dataset<Row> checked) {
    Dataset<Row> ok =
        checked
            .filter(col("reason").isNull())
            .withColumn("copies", count(lit(1)).over(Window.partitionBy("image")));
    // Only files whose name another file has are read whole.
    Dataset<Row> digests =
        ok.filter(col("copies").gt(1))
            .select("path")
            .map(
                new ContentDigest(new SerializableHadoopConf(hadoopConf())),
                Encoders.row(ContentDigest.SCHEMA));
    Dataset<Row> withDigest =
        ok.join(digests, col("path").equalTo(col("digest_path")), "left")
            .withColumn(
                "original",
                first("path").over(Window.partitionBy("image", "digest").orderBy("path")));
    var copy = col("digest").isNotNull().and(col("path").notEqual(col("original")));
    Dataset<Row> copies =
        withDigest
            .filter(copy)
            .withColumn("reason", lit(QuarantineReason.DUPLICATE_IMAGE.name()))
            .withColumn("detail", concat(lit("the same bytes as "), col("original")));
    var sameName = Window.partitionBy("image");
    Dataset<Row> kept =
        withDigest
            .filter(copy.unary_$bang())
            .withColumn("name", col("image"))
            .withColumn(
                "shared_paths",
                when(
                    count(lit(1)).over(sameName).gt(1),
                    concat_ws(", ", array_sort(collect_list("path").over(sameName)))));
    Dataset<Row> affected =
        kept.join(
            kept.filter(col("shared_paths").isNotNull()).select("patient").distinct(),
            "patient",
            "left_semi");
    List<Row> renames =
        FolderNames.qualify(
                affected.select("path", "file_name", "image", "patient").collectAsList().stream()
                    .map(
                        r ->
                            new FolderNames.File(
                                r.getString(0), r.getString(1), r.getString(2), r.getString(3)))
                    .toList())
            .stream()
            .map(n -> RowFactory.create(n.path(), n.image(), n.patient()))
            .toList();
    if (!renames.isEmpty()) {
      LOG.warn(
          "ingest: {} images of patients whose file names different images share are named by"
              + " folder (e.g. {})",
          renames.size(),
          renames.get(0).getString(1));
    }
    Dataset<Row> named =
        kept.join(
                spark.createDataFrame(renames, RENAMES),
                col("path").equalTo(col("renamed_path")),
                "left")
            .withColumn("image", coalesce(col("renamed_image"), col("image")))
            .withColumn("patient", coalesce(col("renamed_patient"), col("patient")));
    List<String> columns = new ArrayList<>(Arrays.asList(FileCheck.SCHEMA.fieldNames()));
    Dataset<Row> failed =
        checked
            .filter(col("reason").isNotNull())
            .union(copies.select(columns.stream().map(functions::col).toArray(Column[]::new)))
            .withColumn("name", col("image"))
            .withColumn("shared_paths", lit(null).cast(DataTypes.StringType));
    columns.add("name");
    columns.add("shared_paths");
    return named.select(columns.stream().map(functions::col).toArray(Column[]::new)).union(failed);
  }

  private org.apache.hadoop.conf.Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
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
    // An image named by folder (FolderNames) takes a row naming it so; else a row naming its file
    // name, when no other image has that name.
    Dataset<Row> byName =
        labels.select(
            col("label_image").as("name_image"),
            col("level").as("name_level"),
            col("label_reason").as("name_reason"),
            col("label_detail").as("name_detail"),
            col("label_origin").as("name_origin"));
    Dataset<Row> joined =
        files
            .join(
                labels,
                col("image").equalTo(col("label_image")).and(col("test").unary_$bang()),
                "left")
            .join(
                byName,
                col("label_image")
                    .isNull()
                    .and(col("image").notEqual(col("name")))
                    .and(col("name").equalTo(col("name_image")))
                    .and(col("test").unary_$bang()),
                "left");
    var ambiguous = col("name_image").isNotNull().and(col("shared_paths").isNotNull());
    var fromName = col("name_image").isNotNull().and(col("shared_paths").isNull());
    // Taken once, before "reason" is rewritten: the detail must see the file's verdict, not the
    // label's.
    var fileOk = col("file_ok");
    return joined
        .withColumn("file_ok", col("reason").isNull().and(col("test").unary_$bang()))
        .withColumn(
            "reason",
            when(
                    fileOk,
                    coalesce(
                        col("label_reason"),
                        when(ambiguous, lit(QuarantineReason.LABEL_AMBIGUOUS.name())),
                        when(fromName, col("name_reason")),
                        when(
                            col("label_image").isNull().and(col("name_image").isNull()),
                            lit(QuarantineReason.LABEL_MISSING.name()))))
                .otherwise(col("reason")))
        .withColumn(
            "detail",
            when(
                    fileOk,
                    coalesce(
                        col("label_detail"),
                        when(
                            ambiguous,
                            concat(
                                lit("label row '"),
                                col("name"),
                                lit("' ("),
                                col("name_origin"),
                                lit(") cannot tell apart the different images "),
                                col("shared_paths"),
                                lit(": name each by its folder in the labels file, this one as '"),
                                col("image"),
                                lit("'"))),
                        when(fromName, col("name_detail")),
                        when(
                            col("label_image").isNull().and(col("name_image").isNull()),
                            lit("no row in the labels file(s)"))))
                .otherwise(col("detail")))
        .withColumn(
            "level",
            when(col("reason").isNull(), coalesce(col("level"), when(fromName, col("name_level")))))
        .drop(
            "file_ok",
            "label_image",
            "label_reason",
            "label_detail",
            "label_origin",
            "name_image",
            "name_level",
            "name_reason",
            "name_detail",
            "name_origin");
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
    long trainOnly = images.filter(col("train_only")).count();
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
        cfg.allLabels(),
        out,
        total,
        accepted,
        quarantinedFiles,
        byReason,
        byLevel,
        unlabelled,
        trainOnly,
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
