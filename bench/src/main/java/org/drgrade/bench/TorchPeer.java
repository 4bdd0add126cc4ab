package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
      Path err = Files.createTempFile("torch-peer", ".err");
      JsonNode json = PeerProcess.lastJsonLine(command, err, Duration.ofMinutes(30));
      Files.delete(err);
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  /** images/s of one configuration ({@code train_S448}...) in the script's JSON, or NaN. */
  static double rate(JsonNode peer, String key) {
    JsonNode run = peer.path(key);
    return run.isMissingNode() ? Double.NaN : run.path("images_per_s").asDouble(Double.NaN);
  }
}
