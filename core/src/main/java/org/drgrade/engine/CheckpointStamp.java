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

  /** {@code zip} with {@link #ENTRY} naming {@code engine} added (replaced if present). */
  public static byte[] stamp(byte[] zip, String engine) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length + 256);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(ENTRY));
      out.write(engine.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
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
