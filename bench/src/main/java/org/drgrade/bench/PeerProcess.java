package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drgrade.io.Json;

/**
 * Runs one of ../shared/bench's peer scripts where it lies (never copied) with the glibc settings
 * its README gives, and reads the one JSON line it prints last. Its stderr goes to a log file.
 */
final class PeerProcess {
  private PeerProcess() {}

  static JsonNode lastJsonLine(List<String> command, Path stderrLog, Duration limit) {
    try {
      Path out = Files.createTempFile("peer", ".json");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(stderrLog.toFile());
      pb.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "2000000000");
      pb.environment().putIfAbsent("MALLOC_TRIM_THRESHOLD_", "2000000000");
      Process p = pb.start();
      boolean finished = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
      if (!finished || p.exitValue() != 0) {
        p.destroyForcibly();
        List<String> why = Files.readAllLines(stderrLog, StandardCharsets.UTF_8);
        throw new IllegalStateException(
            String.join(" ", command)
                + (finished
                    ? " failed (exit " + p.exitValue() + "): "
                    : " ran over " + limit.toMinutes() + " minutes: ")
                + (why.isEmpty() ? "" : why.get(why.size() - 1))
                + " (the peer needs PyTorch and OpenCV: apt-get install python3-torch"
                + " python3-opencv; or --no-peer)");
      }
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      Files.delete(out);
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      return Json.mapper().readTree(last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running the peer", e);
    }
  }
}
