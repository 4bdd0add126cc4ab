package org.drgrade.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.bytedeco.opencv.global.opencv_core;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * The executor side of preprocessing: read each source image through Hadoop, key it by name and
 * SHA-256 of its bytes, skip it when an earlier batch already holds that key, else run the pure
 * {@link ImagePreprocessor} and emit one row of {@link PreprocessedTable#SCHEMA}.
 */
final class PreprocessTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final SerializableHadoopConf hadoop;
  private final PreprocessConfig config;
  private final Broadcast<Map<String, String>> done;
  private final LongAccumulator seen;
  private final LongAccumulator skipped;

  PreprocessTask(
      SerializableHadoopConf hadoop,
      PreprocessConfig config,
      Broadcast<Map<String, String>> done,
      LongAccumulator seen,
      LongAccumulator skipped) {
    this.hadoop = hadoop;
    this.config = config;
    this.done = done;
    this.seen = seen;
    this.skipped = skipped;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> inputs) {
    opencv_core.setNumThreads(
        1); // one task per core already; OpenCV's own threads would oversubscribe
    Map<String, String> finished = done.value();
    // Lazy: one image's bytes and PNG in memory at a time, however large the partition.
    return new Iterator<>() {
      private Row next = advance();

      private Row advance() {
        while (inputs.hasNext()) {
          Row in = inputs.next();
          Row out = processOne(in, finished);
          seen.add(1);
          if (out != null) {
            return out;
          }
          skipped.add(1);
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        Row r = next;
        next = advance();
        return r;
      }
    };
  }

  /**
   * The result row, or null when this exact source was already processed. Never throws for bad
   * input.
   */
  private Row processOne(Row in, Map<String, String> finished) {
    byte[] bytes;
    try {
      bytes = read(in.getAs("path"));
    } catch (IOException | RuntimeException e) {
      return toRow(
          in, "", null, "UNREADABLE", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    String sha = sha256(bytes);
    if (sha.equals(finished.get(in.<String>getAs("image")))) {
      return null;
    }
    try {
      return toRow(in, sha, ImagePreprocessor.process(bytes, config), null, null);
    } catch (RuntimeException e) {
      return toRow(
          in, sha, null, "PROCESSING_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private byte[] read(String path) throws IOException {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(hadoop.get()).open(p)) {
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One row of {@link PreprocessedTable#SCHEMA}, each value put by its column name (never by
   * position).
   */
  private static Row toRow(
      Row in, String sha, PreprocessResult result, String errorReason, String errorDetail) {
    Object[] v = new Object[PreprocessedTable.SCHEMA.size()];
    put(v, "image", in.getAs("image"));
    put(v, "patient", in.getAs("patient"));
    put(v, "side", in.getAs("side"));
    put(v, "level", in.getAs("level"));
    put(v, "source_path", in.getAs("path"));
    put(v, "source_sha256", sha);
    if (result instanceof PreprocessResult.Success s) {
      EyeCrop c = s.crop();
      put(v, "source_width", s.sourceWidth());
      put(v, "source_height", s.sourceHeight());
      put(v, "decode_reduction", s.decodeReduction());
      put(v, "crop_x", c.box().x());
      put(v, "crop_y", c.box().y());
      put(v, "crop_width", c.box().width());
      put(v, "crop_height", c.box().height());
      put(v, "disc_x", c.disc().centerX());
      put(v, "disc_y", c.disc().centerY());
      put(v, "disc_radius", c.disc().radius());
      put(v, "cut_top", c.cutTop());
      put(v, "cut_bottom", c.cutBottom());
      put(v, "threshold", c.threshold());
      put(v, "quality", c.quality());
      put(v, "status", PreprocessedTable.OK);
      put(v, "stats_count", s.stats().count());
      put(v, "stats_sum", boxed(s.stats().sum()));
      put(v, "stats_sum_sq", boxed(s.stats().sumSq()));
      put(v, "png", s.png());
    } else {
      put(v, "source_width", in.getAs("width"));
      put(v, "source_height", in.getAs("height"));
      put(v, "status", PreprocessedTable.QUARANTINED);
      boolean failed = result instanceof PreprocessResult.Failure;
      put(v, "reason", failed ? ((PreprocessResult.Failure) result).reason().name() : errorReason);
      put(v, "detail", failed ? ((PreprocessResult.Failure) result).message() : errorDetail);
    }
    return RowFactory.create(v);
  }

  private static void put(Object[] row, String column, Object value) {
    row[PreprocessedTable.SCHEMA.fieldIndex(column)] = value;
  }

  private static Double[] boxed(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
