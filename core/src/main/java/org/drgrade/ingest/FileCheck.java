package org.drgrade.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * The executor side of ingest: for each listed file (path, length) open it through Hadoop, probe
 * its header and tail, and parse its name. Only a few kilobytes of each file are read and nothing
 * but the verdict leaves the executor: the driver never holds image bytes.
 */
final class FileCheck implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("file_name", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false)
          .add("image", DataTypes.StringType, false)
          .add("patient", DataTypes.StringType, true)
          .add("side", DataTypes.StringType, true)
          .add("format", DataTypes.StringType, true)
          .add("width", DataTypes.IntegerType, true)
          .add("height", DataTypes.IntegerType, true)
          .add("reason", DataTypes.StringType, true)
          .add("detail", DataTypes.StringType, true);

  private final SerializableHadoopConf hadoopConf;
  private final List<String> extensions;
  private final long maxPixels;
  private final Pattern namePattern;
  private final LongAccumulator done;

  FileCheck(
      SerializableHadoopConf hadoopConf,
      List<String> extensions,
      long maxPixels,
      Pattern namePattern,
      LongAccumulator done) {
    this.hadoopConf = hadoopConf;
    this.extensions = List.copyOf(extensions);
    this.maxPixels = maxPixels;
    this.namePattern = namePattern;
    this.done = done;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return files.hasNext();
      }

      @Override
      public Row next() {
        Row file = files.next();
        Row out = check(file.getString(0), file.getLong(1));
        done.add(1);
        return out;
      }
    };
  }

  Row check(String path, long length) {
    String fileName = new Path(path).getName();
    String image = ImageName.stem(fileName);
    String ext = ImageName.extension(fileName);
    if (!extensions.contains(ext)) {
      return verdict(
          path,
          fileName,
          length,
          image,
          null,
          QuarantineReason.UNSUPPORTED_TYPE,
          "extension '" + ext + "' is not in drgrade.ingest.extensions " + extensions);
    }
    ImageProbe.Result probe;
    try {
      probe = probe(new Path(path), length);
    } catch (IOException | RuntimeException e) {
      probe =
          new ImageProbe.Result(
              null,
              0,
              0,
              QuarantineReason.UNREADABLE,
              e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!probe.ok()) {
      return verdict(path, fileName, length, image, probe, probe.reason(), probe.detail());
    }
    var name = ImageName.parse(fileName, namePattern);
    if (name.isEmpty()) {
      return verdict(
          path,
          fileName,
          length,
          image,
          probe,
          QuarantineReason.BAD_NAME,
          "'"
              + image
              + "' cannot be an image id"
              + (namePattern == null
                  ? ""
                  : " (or matches drgrade.ingest.name-pattern with a side that is no eye)"));
    }
    return RowFactory.create(
        path,
        fileName,
        length,
        image,
        name.get().patient(),
        name.get().sideLabel(),
        probe.format(),
        probe.width(),
        probe.height(),
        null,
        null);
  }

  private ImageProbe.Result probe(Path path, long length) throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf.get());
    int tailLength = (int) Math.min(length, ImageProbe.TAIL_BYTES);
    byte[] tail = new byte[tailLength];
    try (FSDataInputStream in = fs.open(path)) {
      if (length > 0) {
        in.readFully(length - tailLength, tail);
      }
      in.seek(0);
      return ImageProbe.probe(length, (InputStream) in, tail, maxPixels, () -> fs.open(path));
    }
  }

  private static Row verdict(
      String path,
      String fileName,
      long length,
      String image,
      ImageProbe.Result probe,
      QuarantineReason reason,
      String detail) {
    boolean sized = probe != null && probe.width() > 0;
    return RowFactory.create(
        path,
        fileName,
        length,
        image,
        null,
        null,
        probe == null ? null : probe.format(),
        sized ? probe.width() : null,
        sized ? probe.height() : null,
        reason.name(),
        detail);
  }
}
