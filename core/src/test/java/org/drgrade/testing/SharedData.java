package org.drgrade.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real fundus images beside the checkout (../shared/data). Absent on a user's fresh clone:
 * tests that need it are skipped with a message. Absent under CI=true: that is a failure, not a
 * skip.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    Path root =
        Path.of(System.getProperty("drgrade.shared", "../shared"))
            .resolve("data")
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(root.resolve("MANIFEST.csv"))) {
      String why =
          "real fundus data not found at " + root + " (../shared/data beside the checkout)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + "; CI=true requires it");
      }
      Assumptions.abort(why + "; skipping");
    }
    return root;
  }

  public static Path fundus(String folder) {
    return root().resolve("fundus").resolve(folder);
  }

  public static Path labels(String folder) {
    return root().resolve("labels").resolve(folder + ".csv");
  }
}
