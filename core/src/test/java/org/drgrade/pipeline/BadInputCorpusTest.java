package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.testing.BadInputCorpus;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's bad-input corpus through `drgrade run`: every file ends in exactly one place (accepted
 * and preprocessed, or quarantined by ingest or preprocess with a named reason), every label row
 * problem is named, and the later stages run on what was accepted.
 */
@IntegrationTest
class BadInputCorpusTest {
  @TempDir Path tmp;

  /** Expected outcome per file: "ok", or the stage and reason that quarantined it. */
  private static final Map<String, String> EXPECTED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("100_left.jpeg", "ingest EMPTY_FILE"),
              Map.entry("101_left.jpeg", "ingest NOT_AN_IMAGE"),
              Map.entry("102_left.jpeg", "ingest TRUNCATED"),
              // libjpeg warns about corrupt entropy data and decodes on; the disc's rim survives
              // the garbled
              // middle third, so the cropper's second look finds it. Corrupt scan data is not
              // detected as such.
              Map.entry("103_left.jpeg", "ok"),
              Map.entry("104_left.png", "ok"),
              Map.entry("105_left.png", "ok"),
              Map.entry("106_left.jpeg", "ok"),
              Map.entry("107_left.jpeg", "ok"),
              Map.entry("108_left.jpeg", "ok"),
              Map.entry("109_left.jpeg", "preprocess NO_EYE_FOUND"),
              Map.entry("110_left.jpeg", "preprocess NO_EYE_FOUND"),
              Map.entry("111_left.png", "ingest TOO_LARGE"),
              Map.entry("112_left.jpeg", "ingest TOO_LARGE"),
              Map.entry("113_left.jpeg", "preprocess NO_EYE_FOUND"),
              Map.entry("114_left.jpeg", "preprocess NO_EYE_FOUND"),
              Map.entry("115_left.jpeg", "preprocess NO_EYE_FOUND"),
              Map.entry("fundus_scan.jpeg", "ok"),
              Map.entry("304 left.jpeg", "ok"),
              Map.entry("305_left #2%.jpeg", "ok"),
              Map.entry("Œil+306_right.jpeg", "ok"),
              Map.entry("130_left.jpeg", "ok"),
              Map.entry("131_left.tif", "ok"),
              Map.entry("131_right.bmp", "ok"),
              Map.entry("132_left.webp", "ok"),
              Map.entry("133_left.jpeg", "ingest UNSUPPORTED_FORMAT"),
              Map.entry("134_left.gif", "ingest UNSUPPORTED_TYPE"),
              Map.entry("135_left.jpeg", "ingest TRUNCATED"),
              Map.entry("116_left.jpeg", "ok"),
              Map.entry("117_left.jpeg", "ingest LABEL_OUT_OF_RANGE"),
              Map.entry("117_right.jpeg", "ingest LABEL_OUT_OF_RANGE"),
              Map.entry("118_left.jpeg", "ingest LABEL_INVALID"),
              Map.entry("118_right.jpeg", "ingest LABEL_INVALID"),
              Map.entry("119_left.jpeg", "ok"),
              Map.entry("119_right.jpeg", "ingest LABEL_CONFLICT"),
              Map.entry("120_left.jpeg", "ok"),
              Map.entry("120_right.jpeg", "ok")));

  @Test
  void everyBadInputHasItsOutcomeAndTheRunCompletes() throws Exception {
    Map<String, BadInputCorpus.Case> cases = new BadInputCorpus().write(tmp.resolve("corpus"));
    Path out = tmp.resolve("run");
    String printed = run(tmp.resolve("corpus"), out);

    SparkSession spark = TestSpark.session();
    Map<String, String> actual = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(out.resolve("ingest/quarantine").toString())
            .filter("kind = 'file'")
            .collectAsList()) {
      putOnce(actual, fileName(r.getAs("path")), "ingest " + r.getAs("reason"));
    }
    for (Row r :
        spark.read().parquet(out.resolve("preprocess/manifest").toString()).collectAsList()) {
      String outcome = r.getAs("status").equals("ok") ? "ok" : "preprocess " + r.getAs("reason");
      putOnce(actual, fileName(r.getAs("source_path")), outcome);
    }
    Map<String, String> expected = new TreeMap<>(EXPECTED);
    cases.keySet().stream()
        .filter(f -> !expected.containsKey(f))
        .forEach(f -> expected.put(f, "ok"));
    // The per-file verdicts, printed for the record (docs/inputs.md's bad-input table lists them).
    cases
        .values()
        .forEach(
            c ->
                System.out.printf(
                    "corpus verdict | %-22s | %-55s | %s%n",
                    c.file(), c.what(), actual.get(c.file())));
    assertEquals(expected, actual, printed);
    assertEquals(
        cases.keySet(),
        actual.keySet(),
        "every file is in the outputs or the quarantine, the directory in neither");

    List<String> orphans =
        spark
            .read()
            .parquet(out.resolve("ingest/quarantine").toString())
            .filter("kind = 'label'")
            .select("image", "reason")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getString(1))
            .sorted()
            .toList();
    assertEquals(List.of("998_left LABEL_WITHOUT_IMAGE", "998_right LABEL_WITHOUT_IMAGE"), orphans);
    IngestSummary ingest =
        Json.parse(
            Files.readString(out.resolve("ingest").resolve(Stage.SUMMARY)), IngestSummary.class);
    assertTrue(ingest.countsAddUp(), printed);
    assertTrue(
        ingest.warnings().stream().anyMatch(w -> w.contains("extraLabels.csv has no header")),
        ingest.warnings().toString());

    Row rotated =
        spark
            .read()
            .parquet(out.resolve("preprocess/manifest").toString())
            .filter("image = '108_left'")
            .first();
    assertEquals(
        List.of(376, 249),
        List.of(rotated.getAs("source_width"), rotated.getAs("source_height")),
        "the EXIF orientation tag is ignored: pixels as stored, sizes as the header declares");

    long okImages = actual.values().stream().filter("ok"::equals).count();
    assertEquals(
        okImages, spark.read().parquet(out.resolve("predict/predictions").toString()).count());
    assertEquals(
        okImages,
        spark.read().parquet(out.resolve("blend/predictions").toString()).count(),
        "the one-eyed patient is blended too");
    assertTrue(Files.exists(out.resolve("decide/submission.csv")));
  }

  private static String run(Path corpus, Path out) {
    String[] args = {
      "run",
      "--set",
      "synth.output=\"" + corpus.resolve("no-synth") + "\"",
      "--set",
      "ingest.images=\"" + corpus.resolve("images") + "\"",
      "--set",
      "ingest.test-images=\"\"",
      "--set",
      "ingest.labels=\""
          + corpus.resolve("trainLabels.csv")
          + ","
          + corpus.resolve("extraLabels.csv")
          + ","
          + corpus.resolve("europeLabels.csv")
          + "\"",
      "--set",
      "run.output=\"" + out + "\"",
      "--set",
      "spark.conf.\"spark.ui.enabled\"=false",
      "--set",
      "preprocess.size=64",
      "--set",
      "train.crop=64",
      "--set",
      "train.epochs=1",
      "--set",
      "predict.checkpoints=1",
      "--set",
      "predict.augmentations=1",
      "--set",
      "blend.epochs=2",
      "--set",
      "blend.folds=2",
      "--set",
      "blend.hidden-units=16"
    };
    return Drgrade.run(List.of(args));
  }

  private static void putOnce(Map<String, String> outcomes, String file, String outcome) {
    String before = outcomes.put(file, outcome);
    assertTrue(before == null, file + " is both " + before + " and " + outcome);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
