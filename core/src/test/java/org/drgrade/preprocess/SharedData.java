package org.drgrade.preprocess;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real fundus images of ../shared, read in place (never copied into the repository). */
final class SharedData {

  private SharedData() {}

  /** The folder under shared/data/fundus; skips the test when absent, fails it when CI=true. */
  static Path folder(String name) {
    Path dir = Path.of(System.getProperty("drgrade.shared", "../shared"), "data", "fundus", name);
    if (!Files.isDirectory(dir)) {
      String why = "shared fundus data not found at " + dir.toAbsolutePath();
      if ("true".equals(System.getenv("CI"))) fail(why + " (required when CI=true)");
      assumeTrue(false, why + "; skipping a test that needs real images");
    }
    return dir;
  }

  static List<Path> images(String name) {
    try (Stream<Path> files = Files.list(folder(name))) {
      return files.filter(p -> p.toString().matches(".*\\.(jpe?g|png)$")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
