package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, end to end on a small generated data set: synth, then ingest; a rerun
 * skips synth.
 */
@IntegrationTest
class RunCommandTest {
  @TempDir Path tmp;

  private String run(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", "--set", "predict.checkpoints=2", "--set", "predict.augmentations=2"));
    args.addAll(Drgrade.smallRun(tmp));
    args.addAll(List.of(extra));
    return Drgrade.run(args);
  }

  @Test
  void generatesThenIngestsAndARerunSkipsGeneration() throws Exception {
    String first = run();
    assertTrue(first.contains("synth: 30 images (12 patients + 3 unlabelled test patients"), first);
    assertTrue(first.contains("30 files found = 30 accepted + 0 quarantined"), first);

    // The labels written are the generator's, and ingest joined each image to its own level.
    SynthDataset ds = new SynthDataset(2015, SizeProfile.parse("small"));
    Map<String, Integer> expected =
        java.util.stream.LongStream.range(0, 12)
            .boxed()
            .flatMap(i -> ds.labels(i).stream())
            .collect(Collectors.toMap(SynthDataset.Label::image, SynthDataset.Label::level));
    List<String> csv = Files.readAllLines(tmp.resolve("synth/trainLabels.csv"));
    assertEquals("image,level", csv.get(0));
    assertEquals(25, csv.size());
    Map<String, Integer> ingested =
        TestSpark.session()
            .read()
            .parquet(tmp.resolve("run/ingest/images").toString())
            .filter("level is not null")
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(r -> r.<String>getAs("image"), r -> r.<Integer>getAs("level")));
    assertEquals(expected, ingested);
    Row one =
        TestSpark.session().read().parquet(tmp.resolve("run/ingest/images").toString()).first();
    assertTrue(one.<Integer>getAs("width") >= 320, "small profile widths are 320-480");
    IngestSummary summary =
        Json.parse(
            Files.readString(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)),
            IngestSummary.class);
    assertTrue(summary.countsAddUp());

    // Predict and blend wrote one distribution per image; the submission has one row per test
    // image.
    var predictions =
        TestSpark.session()
            .read()
            .parquet(tmp.resolve("run/predict/predictions").toString())
            .collectAsList();
    assertEquals(30, predictions.size());
    assertEquals(
        30,
        TestSpark.session()
            .read()
            .parquet(tmp.resolve("run/blend/predictions").toString())
            .count());
    for (Row r : predictions) {
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        sum += r.<Double>getAs("p" + k);
      }
      assertEquals(1.0, sum, 1e-4);
    }
    List<String> testImages =
        predictions.stream()
            .filter(r -> r.getAs("split").equals("test"))
            .map(r -> r.<String>getAs("image"))
            .sorted()
            .toList();
    assertEquals(6, testImages.size());
    List<String> submission = Files.readAllLines(tmp.resolve("run/decide/submission.csv"));
    assertEquals("image,level", submission.get(0));
    assertEquals(
        testImages, submission.stream().skip(1).map(l -> l.split(",")[0]).sorted().toList());
    assertTrue(first.contains("submission = 6 test images"), first);
    assertTrue(first.contains("exact"), first);

    String second = run();
    assertTrue(second.contains("synth already complete"), second);
    String forced = run("--set", "synth.seed=7");
    assertTrue(
        forced.contains(
            "synth: 30 images (12 patients + 3 unlabelled test patients, size small, seed 7)"),
        "a new seed regenerates: " + forced);
  }
}
