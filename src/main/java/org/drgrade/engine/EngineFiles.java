package org.drgrade.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Tells which engine wrote a checkpoint. Both are zips: DL4J's model zip holds {@code
 * configuration.json}; the torch engine's holds {@link TorchCheckpoint#HEADER}.
 */
final class EngineFiles {
  private EngineFiles() {}

  static Engine engineOf(byte[] checkpoint) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(checkpoint))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(TorchCheckpoint.HEADER)) {
          return Engine.TORCH;
        }
        if (e.getName().equals("configuration.json")) {
          return Engine.DL4J;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint is not a readable zip", e);
    }
    throw new IllegalArgumentException(
        "checkpoint is neither a DL4J model zip nor a torch engine checkpoint");
  }
}
