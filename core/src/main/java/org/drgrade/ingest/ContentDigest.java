package org.drgrade.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * The executor side of telling same-named files apart: the SHA-256 of a file's whole content. Only
 * files whose name another file shares are read, so a copy is told from a different photograph by
 * its bytes, not its name.
 */
final class ContentDigest implements MapFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  static final StructType SCHEMA =
      new StructType()
          .add("digest_path", DataTypes.StringType, false)
          .add("digest", DataTypes.StringType, false);

  private final SerializableHadoopConf hadoopConf;

  ContentDigest(SerializableHadoopConf hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Row call(Row file) {
    String path = file.getString(0);
    return RowFactory.create(path, sha256(path));
  }

  private String sha256(String file) {
    Path path = new Path(file);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in =
        new DigestInputStream(path.getFileSystem(hadoopConf.get()).open(path), sha)) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // the digest stream hashes what passes through
      }
    } catch (IOException e) {
      // It passed the header and tail probe moments ago: a file that vanishes now is an error of
      // the store, not a verdict on the image.
      throw new UncheckedIOException("cannot read " + file + " to compare it with same-named", e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
