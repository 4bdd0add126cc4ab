package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drgrade.io.Json;

/**
 * The peer of the training benchmark: the PyTorch script of {@code ../shared/bench/torch_net.py}
 * (called where it lies, never copied), run in NCHW and channels-last with the glibc settings its
 * README gives, on the configurations drgrade's torch engine is timed at. Prints one JSON line,
 * which is kept as it came.
 */
public record TorchPeer(Path script, String python) {
  /** The peer's configurations, as its --only names them. */
  static final List<String> RUNS = List.of("train448", "train128", "infer448");

  /** The script's JSON for one memory format. */
  JsonNode run(boolean channelsLast, int iters) {
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    command.addAll(List.of("--iters", String.valueOf(iters), "--only", String.join(",", RUNS)));
    if (channelsLast) {
      command.add("--channels-last");
    }
    try {
      Path out = Files.createTempFile("torch-peer", ".json");
      Path err = Files.createTempFile("torch-peer", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("MALLOC_MMAP_THRESHOLD_", "2000000000");
      pb.environment().put("MALLOC_TRIM_THRESHOLD_", "2000000000");
      Process p = pb.start();
      boolean finished = p.waitFor(30, TimeUnit.MINUTES);
      if (!finished || p.exitValue() != 0) {
        p.destroyForcibly();
        List<String> why = Files.readAllLines(err, StandardCharsets.UTF_8);
        throw new IllegalStateException(
            String.join(" ", command)
                + (finished ? " failed (exit " + p.exitValue() + "): " : " ran over 30 minutes: ")
                + (why.isEmpty() ? "" : why.get(why.size() - 1))
                + " (the peer needs PyTorch: apt-get install python3-torch, or --no-peer)");
      }
      Files.delete(err);
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

  /** images/s of one configuration ({@code train_S448}...) in the script's JSON, or NaN. */
  static double rate(JsonNode peer, String key) {
    JsonNode run = peer.path(key);
    return run.isMissingNode() ? Double.NaN : run.path("images_per_s").asDouble(Double.NaN);
  }
}
