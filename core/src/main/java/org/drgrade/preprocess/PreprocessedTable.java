package org.drgrade.preprocess;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
import org.drgrade.io.StageMarker;

/**
 * The preprocess stage's storage. Results are appended in batches, each a Parquet directory {@code
 * batches/<id>/} committed by its own Spark job and trusted only once its {@code _SUCCESS} exists,
 * so a crash loses at most the batch in flight. {@code manifest/} (no pixels) names, for every
 * current input image, the batch holding its latest result; readers join through it.
 *
 * <p>Why PNG bytes in Parquet rather than PNG files: one 90k-image run would otherwise be 90k small
 * objects on S3 (slow listing, per-object request costs, no atomic commit); in Parquet a batch is a
 * few large files committed at once, and training reads them with Spark directly.
 */
public final class PreprocessedTable {
  /** One row per processed image: the manifest columns, plus png for successes. */
  public static final StructType SCHEMA =
      new StructType()
          .add("image", DataTypes.StringType, false)
          .add("patient", DataTypes.StringType, false)
          .add("side", DataTypes.StringType, false)
          .add("level", DataTypes.IntegerType, true)
          .add("source_path", DataTypes.StringType, false)
          .add("source_sha256", DataTypes.StringType, false)
          .add("source_width", DataTypes.IntegerType, true)
          .add("source_height", DataTypes.IntegerType, true)
          .add("decode_reduction", DataTypes.IntegerType, true)
          .add("crop_x", DataTypes.IntegerType, true)
          .add("crop_y", DataTypes.IntegerType, true)
          .add("crop_width", DataTypes.IntegerType, true)
          .add("crop_height", DataTypes.IntegerType, true)
          .add("disc_x", DataTypes.DoubleType, true)
          .add("disc_y", DataTypes.DoubleType, true)
          .add("disc_radius", DataTypes.DoubleType, true)
          .add("cut_top", DataTypes.BooleanType, true)
          .add("cut_bottom", DataTypes.BooleanType, true)
          .add("threshold", DataTypes.IntegerType, true)
          .add("quality", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, true)
          .add("detail", DataTypes.StringType, true)
          .add("stats_count", DataTypes.LongType, true)
          .add("stats_sum", DataTypes.createArrayType(DataTypes.DoubleType), true)
          .add("stats_sum_sq", DataTypes.createArrayType(DataTypes.DoubleType), true)
          .add("png", DataTypes.BinaryType, true);

  public static final String OK = "ok";
  public static final String QUARANTINED = "quarantined";

  private PreprocessedTable() {}

  public static String batchesDir(String stageDir) {
    return HadoopFiles.join(stageDir, "batches");
  }

  public static String manifestDir(String stageDir) {
    return HadoopFiles.join(stageDir, "manifest");
  }

  /** Committed batch directories, oldest first (batch ids sort by creation). */
  public static List<String> committedBatches(HadoopFiles files, String stageDir) {
    return batchDirs(files, stageDir, true);
  }

  /** Batch directories without _SUCCESS: left by a crash, safe to delete before a rerun. */
  public static List<String> uncommittedBatches(HadoopFiles files, String stageDir) {
    return batchDirs(files, stageDir, false);
  }

  private static List<String> batchDirs(HadoopFiles files, String stageDir, boolean committed) {
    String dir = batchesDir(stageDir);
    List<String> out = new ArrayList<>();
    if (!files.exists(dir)) {
      return out;
    }
    try {
      FileSystem fs = files.fs(dir);
      for (FileStatus s : fs.listStatus(new Path(dir))) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), StageMarker.SUCCESS)) == committed) {
          out.add(s.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(null);
    return out;
  }

  /** All rows of all committed batches, with a {@code batch} column naming their directory. */
  static Dataset<Row> allBatches(SparkSession spark, List<String> batches) {
    // No batch (every image quarantined): an empty table, so readers get no rows rather than a
    // crash.
    Dataset<Row> all =
        batches.isEmpty()
            ? spark
                .createDataFrame(List.<Row>of(), SCHEMA)
                .withColumn(
                    "batch",
                    org.apache
                        .spark
                        .sql
                        .functions
                        .lit(null)
                        .cast(org.apache.spark.sql.types.DataTypes.StringType))
            : null;
    for (String b : batches) {
      Dataset<Row> one =
          spark
              .read()
              .schema(SCHEMA)
              .parquet(b)
              .withColumn("batch", org.apache.spark.sql.functions.lit(b));
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  /**
   * The table with its train_only column (drgrade.ingest.extra-images), false for every row of a
   * table written before training-only images existed.
   */
  public static Dataset<Row> withTrainOnly(Dataset<Row> table) {
    return List.of(table.columns()).contains("train_only")
        ? table
        : table.withColumn("train_only", org.apache.spark.sql.functions.lit(false));
  }

  /**
   * The current preprocessed images (status ok) of a completed stage, with pixels and whether each
   * is training-only: what training and prediction read. Fails clearly when the stage has not
   * completed.
   */
  public static Dataset<Row> images(SparkSession spark, String stageDir) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    new Stage.Input("preprocess output", stageDir, "preprocess").require(files);
    Dataset<Row> manifest =
        spark.read().parquet(manifestDir(stageDir)).filter(col("status").equalTo(OK));
    manifest =
        withTrainOnly(manifest)
            .select(col("image").as("m_image"), col("batch").as("m_batch"), col("train_only"));
    List<String> batches =
        manifest
            .select("m_batch")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    Dataset<Row> rows = allBatches(spark, batches);
    return rows.join(
            manifest,
            col("image").equalTo(col("m_image")).and(col("batch").equalTo(col("m_batch"))))
        .drop("m_image", "m_batch");
  }
}
