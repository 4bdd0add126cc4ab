package org.drgrade.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Every engine's checkpoint is a zip; this entry in it names the engine that wrote it, so reading
 * one never guesses from the engine's own files.
 */
public final class CheckpointStamp {
  /** The zip entry that holds the writing engine's id. */
  public static final String ENTRY = "drgrade-engine.txt";

  private CheckpointStamp() {}

  /**
   * {@code zip} with {@link #ENTRY} naming {@code engine} added (replaced if present), for an
   * engine whose library writes the zip itself (DL4J's ModelSerializer).
   */
  public static byte[] stamp(byte[] zip, String engine) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length + 256);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      put(out, engine);
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.getName().equals(ENTRY)) {
          out.putNextEntry(new ZipEntry(e.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint is not a readable zip", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes the entry into a checkpoint zip being written: the way for an engine that writes its own
   * zip, with no second pass over its bytes.
   */
  public static void put(ZipOutputStream out, String engine) throws IOException {
    out.putNextEntry(new ZipEntry(ENTRY));
    out.write(engine.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  /** The id of the engine that wrote {@code zip}. */
  public static String engineOf(byte[] zip) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(ENTRY)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint is not a readable zip", e);
    }
    throw new IllegalArgumentException(
        "checkpoint names no engine (no "
            + ENTRY
            + "): it is not a drgrade checkpoint, or one written before drgrade recorded its"
            + " engine; train it again");
  }
}
