package org.drgrade.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.io.HadoopFiles;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * The crop gallery: a contact sheet of the first N images (by name, quarantined ones included)
 * showing each source with its chosen crop and fitted disc next to the output. Rendered in one
 * executor task; only the finished PNG comes back to the driver.
 */
final class Gallery {
  static final String FILE = "gallery.png";
  private static final int ROW_HEIGHT = 200;

  private Gallery() {}

  static void write(
      SparkSession spark, HadoopFiles files, PreprocessStageConfig cfg, Dataset<Row> manifest) {
    if (cfg.galleryImages() == 0) {
      return;
    }
    SerializableHadoopConf hadoop =
        new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    PreprocessConfig image = cfg.image();
    Dataset<Row> sample =
        manifest
            .select("image", "source_path")
            .orderBy("image")
            .limit(cfg.galleryImages())
            .coalesce(1);
    List<byte[]> sheet =
        sample
            .mapPartitions(
                (org.apache.spark.api.java.function.MapPartitionsFunction<Row, byte[]>)
                    rows -> {
                      List<ContactSheet.Entry> entries = new ArrayList<>();
                      while (rows.hasNext()) {
                        Row r = rows.next();
                        byte[] source = read(hadoop, r.getString(1));
                        entries.add(
                            new ContactSheet.Entry(
                                r.getString(0), source, ImagePreprocessor.process(source, image)));
                      }
                      return entries.isEmpty()
                          ? List.<byte[]>of().iterator()
                          : List.of(ContactSheet.render(entries, ROW_HEIGHT)).iterator();
                    },
                Encoders.BINARY())
            .collectAsList();
    if (!sheet.isEmpty()) {
      files.writeBytes(HadoopFiles.join(cfg.output(), FILE), sheet.get(0));
    }
  }

  private static byte[] read(SerializableHadoopConf hadoop, String path) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(hadoop.get()).open(p)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
