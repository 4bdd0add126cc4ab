package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer of the learning benchmark: ../shared/bench/torch_real_learning.py (called where it lies,
 * never copied), trained and tested on exactly the images of one fold. It takes folders with label
 * files, so each fold gets its own label files listing only its images. The script caches decoded
 * images by folder path alone, not by label file, so each fold and role sees its folders through
 * its own symbolic links: otherwise a test set would be read from the train set's cache.
 */
public record RealLearningPeer(Path script, String python) {

  /** The recipe both sides train with. */
  public record Recipe(int size, int crop, int epochs, int batch, double rate, int threads) {}

  /**
   * Trains and tests the peer on one fold.
   *
   * @param train folder -> (image -> grade) of the fold's training images
   * @param test the same for its held-out images
   * @param dir a fresh directory for this fold's label files, links and log
   */
  JsonNode run(
      Map<LabelledFolder, Map<String, Integer>> train,
      Map<LabelledFolder, Map<String, Integer>> test,
      Recipe recipe,
      long seed,
      Path dir,
      Path cache) {
    try {
      List<String> command = new ArrayList<>(List.of(python, script.toString()));
      command.addAll(List.of("--train", specs(train, dir.resolve("train"))));
      command.addAll(List.of("--test", specs(test, dir.resolve("test"))));
      command.addAll(
          List.of(
              "--size", String.valueOf(recipe.size()),
              "--crop", String.valueOf(recipe.crop()),
              "--epochs", String.valueOf(recipe.epochs()),
              "--batch", String.valueOf(recipe.batch()),
              "--lr", String.valueOf(recipe.rate()),
              "--threads", String.valueOf(recipe.threads()),
              "--seed", String.valueOf(seed),
              "--cache", cache.toString()));
      return PeerProcess.lastJsonLine(command, dir.resolve("peer.log"), Duration.ofHours(6));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the peer's fold in " + dir, e);
    }
  }

  private static String specs(Map<LabelledFolder, Map<String, Integer>> folders, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    List<String> specs = new ArrayList<>();
    for (var e : folders.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String name = e.getKey().name();
      Path link = dir.resolve(name);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, e.getKey().images());
      Path labels = dir.resolve(name + ".csv");
      try (Writer w = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
        CsvWriter csv = new CsvWriter(w, new CsvWriterSettings());
        csv.writeHeaders("image", "level");
        e.getValue().forEach((image, level) -> csv.writeRow(image, level));
        csv.close();
      }
      specs.add(link + ":" + labels);
    }
    return String.join(",", specs);
  }
}
