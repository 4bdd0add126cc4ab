package org.drgrade.train;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.drgrade.engine.RoundTimes;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;

/**
 * One epoch's figures. Each is kept as {@code epochs/epoch-NNNN.json} (never pruned, unlike
 * checkpoints) and the whole history is rewritten as the {@code metrics/} Parquet table after every
 * epoch. Undefined kappa (a validation set with one grade) is stored as null, never as NaN. {@code
 * rounds} (JSON only: where the averaging rounds' time went) is null where the trainer does not
 * say.
 */
public record EpochMetrics(
    int epoch,
    int epochs,
    long batches,
    long trainImages,
    double seconds,
    double learningRate,
    double trainLoss,
    double valLogLoss,
    Double valKappa,
    Double valAccuracy,
    long valImages,
    RoundTimes rounds) {

  static final StructType SCHEMA =
      new StructType()
          .add("epoch", IntegerType)
          .add("batches", LongType)
          .add("train_images", LongType)
          .add("seconds", DoubleType)
          .add("images_per_s", DoubleType)
          .add("learning_rate", DoubleType)
          .add("train_loss", DoubleType)
          .add("val_log_loss", DoubleType)
          .add("val_kappa", DoubleType)
          .add("val_accuracy", DoubleType)
          .add("val_images", LongType);

  public double imagesPerSecond() {
    return seconds > 0 ? trainImages / seconds : 0;
  }

  /** The progress line of this epoch. */
  public String line(double etaSeconds) {
    return String.format(
        "train: epoch %d/%d, %d batches, %d images in %.1f s (%.1f img/s), ETA %s, lr %.4g, "
            + "train loss %.4f, val log-loss %.4f, val kappa %s, val accuracy %s (%d images)",
        epoch + 1,
        epochs,
        batches,
        trainImages,
        seconds,
        imagesPerSecond(),
        org.drgrade.spark.Progress.formatSeconds(etaSeconds),
        learningRate,
        trainLoss,
        valLogLoss,
        valKappa == null ? "undefined" : String.format("%.4f", valKappa),
        valAccuracy == null ? "undefined" : String.format("%.4f", valAccuracy),
        valImages);
  }

  static void save(HadoopFiles files, String trainDir, EpochMetrics m) {
    files.writeText(
        HadoopFiles.join(trainDir, String.format("epochs/epoch-%04d.json", m.epoch())),
        Json.pretty(m));
  }

  static List<EpochMetrics> history(HadoopFiles files, String trainDir) {
    String dir = HadoopFiles.join(trainDir, "epochs");
    List<EpochMetrics> out = new ArrayList<>();
    if (!files.exists(dir)) {
      return out;
    }
    try {
      for (FileStatus s : files.fs(dir).listStatus(new Path(dir))) {
        if (s.getPath().getName().endsWith(".json")) {
          out.add(Json.parse(files.readText(s.getPath().toString()), EpochMetrics.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
    return out;
  }

  static void writeTable(SparkSession spark, List<EpochMetrics> history, String trainDir) {
    List<Row> rows =
        history.stream()
            .map(
                m ->
                    RowFactory.create(
                        m.epoch(),
                        m.batches(),
                        m.trainImages(),
                        m.seconds(),
                        m.imagesPerSecond(),
                        m.learningRate(),
                        m.trainLoss(),
                        m.valLogLoss(),
                        m.valKappa(),
                        m.valAccuracy(),
                        m.valImages()))
            .toList();
    spark
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(HadoopFiles.join(trainDir, "metrics"));
  }
}
