package org.drgrade.engine.dl4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checkpoint format: DL4J's model zip (configuration with epoch and iteration counters,
 * parameters, and the updater's momentum state), so that training resumed from a checkpoint
 * continues exactly as uninterrupted training would. Streams only; where the bytes go (local file,
 * S3, HDFS) is the caller's business. Pair it with {@link CheckpointMeta} as JSON.
 */
public final class Dl4jCheckpoints {
  private Dl4jCheckpoints() {}

  /** Writes {@code net} with its updater state; leaves {@code out} open. */
  public static void write(MultiLayerNetwork net, OutputStream out) {
    try {
      ModelSerializer.writeModel(net, out, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a network written by {@link #write}, updater state included. */
  public static MultiLayerNetwork read(InputStream in) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(in, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] toBytes(MultiLayerNetwork net) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(net, bytes);
    return bytes.toByteArray();
  }

  public static MultiLayerNetwork fromBytes(byte[] bytes) {
    return read(new ByteArrayInputStream(bytes));
  }
}
