package org.drgrade.engine.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.drgrade.engine.CheckpointStamp;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.io.Json;

/**
 * The torch engine's checkpoint: a zip of {@link #HEADER} (format, the {@link NetworkSpec} the
 * network was built from, epoch and iteration counters, value counts) and two little-endian float32
 * arrays, parameters.f32 and updater.f32, in the order of {@link GradingNetwork#parameters()}.
 * Self-describing: {@link TorchNetwork#read} rebuilds the network from the spec alone, so training
 * resumed from it continues as uninterrupted training would.
 */
record TorchCheckpoint(
    NetworkSpec spec, int epoch, long iterations, float[] parameters, float[] updater) {
  static final String HEADER = "torch-network.json";
  static final int FORMAT = 1;

  record Header(
      int format, NetworkSpec spec, int epoch, long iterations, int parameters, int updater) {}

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      CheckpointStamp.put(zip, TorchEngine.ID);
      put(
          zip,
          HEADER,
          Json.pretty(
                  new Header(FORMAT, spec, epoch, iterations, parameters.length, updater.length))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      put(zip, "parameters.f32", floats(parameters));
      put(zip, "updater.f32", floats(updater));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static TorchCheckpoint read(byte[] bytes) {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("torch checkpoint is not a readable zip", e);
    }
    for (String name : new String[] {HEADER, "parameters.f32", "updater.f32"}) {
      if (!entries.containsKey(name)) {
        throw new IllegalArgumentException("torch checkpoint has no " + name);
      }
    }
    Header h =
        Json.parse(
            new String(entries.get(HEADER), java.nio.charset.StandardCharsets.UTF_8), Header.class);
    if (h.format() != FORMAT) {
      throw new IllegalArgumentException(
          "torch checkpoint format " + h.format() + "; this build reads " + FORMAT);
    }
    float[] parameters = floats(entries.get("parameters.f32"), h.parameters(), "parameters");
    float[] updater = floats(entries.get("updater.f32"), h.updater(), "updater state");
    return new TorchCheckpoint(h.spec(), h.epoch(), h.iterations(), parameters, updater);
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  private static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static float[] floats(byte[] data, int count, String what) {
    if (data.length != count * 4L) {
      throw new IllegalArgumentException(
          "torch checkpoint: " + what + " has " + data.length + " bytes, expected " + count * 4L);
    }
    float[] out = new float[count];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
