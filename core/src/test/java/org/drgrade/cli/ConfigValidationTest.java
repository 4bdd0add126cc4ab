package org.drgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 7: a bad setting is one line on stderr naming the key or path, exit code 2, before any
 * Spark work (Spark's own startup lines would precede it in stderr otherwise).
 */
class ConfigValidationTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run        | train.epochs=\"eight\"                           | drgrade.train.epochs has the wrong type",
        "run        | preprocess.reduced-decode=maybe                  | drgrade.preprocess.reduced-decode has the wrong type",
        "run        | train.learning-rates=0.01                        | drgrade.train.learning-rates has the wrong type",
        "run        | train.epoch=3                                    | drgrade.train.epoch",
        "run        | preprocess.size=128,train.crop=224               | drgrade.train.crop (224) must not exceed drgrade.preprocess.size (128)",
        "run        | train.batch-size=0                               | drgrade.train.batch-size must be >= 1, got 0",
        "run        | predict.batch-size=0                             | drgrade.predict.batch-size must be >= 1, got 0",
        "run        | preprocess.batch-images=0                        | drgrade.preprocess.batch-images must be >= 1, got 0",
        "run        | preprocess.size=8                                | drgrade.preprocess.size must be >= 16, got 8",
        "run        | preprocess.method=clahe                          | drgrade.preprocess.method: 'clahe' is not a preprocessing method; allowed: equalise, graham",
        "ingest     | ingest.name-pattern=\"(?<patient>\\\\d+)_x\"         | drgrade.ingest.name-pattern: '(?<patient>\\d+)_x' has no named group (?<side>...)",
        "ingest     | ingest.max-quarantine-fraction=1.5               | drgrade.ingest.max-quarantine-fraction must be between 0 and 1, got 1.5",
        "ingest     | ingest.images=\"file:/nonexistent/drgrade-images\" | drgrade.ingest.images: no such path: file:/nonexistent/drgrade-images",
        "ingest     | ingest.images=\"core/src/test\",ingest.labels=\"file:/nonexistent/labels.csv\" | drgrade.ingest.labels: no such path: file:/nonexistent/labels.csv",
      })
  void badSettingIsOneLineNamingIt(String command, String overrides, String message) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
    for (String o : overrides.split(",")) {
      args.add("--set");
      args.add(o);
    }
    args.addAll(java.util.List.of("--set", "spark.conf.\"spark.ui.enabled\"=false"));
    String[] r = CliTest.run(args.toArray(String[]::new));
    assertEquals(String.valueOf(Main.EXIT_CONFIG), r[0], r[2]);
    assertEquals(1, r[2].strip().lines().count(), "one line: " + r[2]);
    assertTrue(r[2].startsWith("drgrade: ") && r[2].contains(message), r[2]);
  }

  @Test
  void missingConfigFileIsOneLineNamingIt() {
    String[] r = CliTest.run("run", "-c", "/nonexistent/drgrade.conf");
    assertEquals(String.valueOf(Main.EXIT_CONFIG), r[0], r[2]);
    assertEquals("drgrade: config file not found: /nonexistent/drgrade.conf", r[2].strip());
  }
}
