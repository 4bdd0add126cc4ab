package org.drgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.testing.TestImages;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a labels file nobody can read is exit 2 before any image is read; a stage that grades
 * nothing, or quarantines more than drgrade.ingest.max-quarantine-fraction, writes its quarantine
 * and summary and then fails with exit 1 and one line, so a scheduler sees the failure.
 */
class InputRejectionTest {
  @TempDir Path tmp;

  private Path images() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    byte[] eye = TestImages.disc(200, 150, "jpg");
    for (String name : List.of("1_left", "1_right", "2_left", "2_right")) {
      Files.write(images.resolve(name + ".jpeg"), eye);
    }
    return images;
  }

  private String[] ingest(Path images, String labels, String... sets) throws Exception {
    Path labelsFile = Files.writeString(tmp.resolve("labels.csv"), labels, StandardCharsets.UTF_8);
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--set",
                "ingest.images=\"" + images + "\"",
                "--set",
                "ingest.labels=\"" + labelsFile + "\"",
                "--set",
                "run.output=\"" + tmp.resolve("run") + "\"",
                "--set",
                "spark.conf.\"spark.ui.enabled\"=false"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    TestSpark.session(); // share the test JVM's session: the command then reuses it
    return CliTest.run(args.toArray(String[]::new));
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Test
  void aSemicolonLabelsFileIsReadLikeAnyOther() throws Exception {
    String[] r =
        ingest(images(), "image;level\r\n1_left;0\r\n1_right;1\r\n2_left;2\r\n2_right;4\r\n");
    assertEquals("0", r[0], r[1] + r[2]);
    IngestSummary s =
        Json.parse(
            Files.readString(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)),
            IngestSummary.class);
    assertEquals(4, s.accepted(), r[1]);
    assertTrue(s.warnings().isEmpty(), s.warnings().toString());
  }

  @Test
  void aLabelsHeaderThatMatchesNothingIsExit2NamingTheFileBeforeAnyImageIsRead() throws Exception {
    String[] r = ingest(images(), "name;grade_of_dr\n1_left;0\n");
    assertEquals(String.valueOf(Main.EXIT_CONFIG), r[0], r[2]);
    assertTrue(
        lastLine(r[2]).startsWith("drgrade: labels file ")
            && lastLine(r[2]).contains("labels.csv: first line [name, grade_of_dr]"),
        r[2]);
    assertFalse(
        Files.exists(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)), "no image was read");
  }

  @Test
  void aLabelsFileWithNoRowsIsExit2NamingTheFileBeforeAnyImageIsRead() throws Exception {
    Path images = images();
    // 0 bytes, a header only, only blank lines: each was "0 of 4 accepted, all quarantined".
    for (String labels : List.of("", "image,level\n", "\n\r\n  \n")) {
      String[] r = ingest(images, labels);
      assertEquals(String.valueOf(Main.EXIT_CONFIG), r[0], r[2]);
      String line = lastLine(r[2]);
      assertTrue(
          line.startsWith("drgrade: labels file ")
              && line.contains("labels.csv has no label rows")
              && line.endsWith("check drgrade.ingest.labels"),
          line);
      assertEquals(1, r[2].strip().lines().count(), r[2]);
      assertFalse(
          Files.exists(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)), "no image was read");
    }
  }

  @Test
  void noImageAcceptedIsExit1AfterTheQuarantineAndSummaryAreWritten() throws Exception {
    String[] r = ingest(images(), "image,level\n7_left,0\n7_right,1\n");
    assertEquals("1", r[0], r[2]);
    assertEquals(
        "drgrade: ingest: files: 0 of 4 accepted, all quarantined; see "
            + tmp.resolve("run/ingest/quarantine"),
        lastLine(r[2]));
    IngestSummary s =
        Json.parse(
            Files.readString(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)),
            IngestSummary.class);
    assertEquals(4, s.quarantinedFiles());
    assertTrue(s.countsAddUp());
    assertEquals(
        6,
        TestSpark.session().read().parquet(tmp.resolve("run/ingest/quarantine").toString()).count(),
        "4 files LABEL_MISSING + 2 label rows LABEL_WITHOUT_IMAGE: nothing lost");
    assertFalse(
        Files.exists(tmp.resolve("run/ingest/_SUCCESS")), "a rejected stage is not complete");
  }

  @Test
  void aPreprocessThatFindsNoEyeFailsTheSameWay() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("black"));
    for (String name : List.of("1_left", "1_right", "2_left")) {
      Files.write(images.resolve(name + ".jpeg"), TestImages.solid(400, 300, 0, "jpg"));
    }
    String[] ingested = ingest(images, "image,level\n1_left,0\n1_right,1\n2_left,2\n");
    assertEquals("0", ingested[0], ingested[2]);
    String[] r =
        CliTest.run(
            "preprocess",
            "--set",
            "run.output=\"" + tmp.resolve("run") + "\"",
            "--set",
            "spark.conf.\"spark.ui.enabled\"=false");
    assertEquals("1", r[0], r[2]);
    assertEquals(
        "drgrade: preprocess: images: 0 of 3 accepted, all quarantined; see "
            + tmp.resolve("run/preprocess/quarantine"),
        lastLine(r[2]));
    assertEquals(
        3,
        TestSpark.session()
            .read()
            .parquet(tmp.resolve("run/preprocess/quarantine").toString())
            .filter("reason = 'NO_EYE_FOUND'")
            .count());
    assertTrue(Files.exists(tmp.resolve("run/preprocess").resolve(Stage.SUMMARY)));
    assertFalse(Files.exists(tmp.resolve("run/preprocess/_SUCCESS")));
  }

  @Test
  void moreQuarantinedThanTheLimitFailsAndARaisedLimitPasses() throws Exception {
    Path images = images();
    String labels = "image,level\n1_left,0\n";
    String[] strict = ingest(images, labels);
    assertEquals("1", strict[0], strict[2]);
    assertTrue(
        lastLine(strict[2])
            .startsWith(
                "drgrade: ingest: files: 3 of 4 quarantined (75.0 %) > drgrade.ingest.max-quarantine-fraction 0.50"),
        strict[2]);
    String[] lenient = ingest(images, labels, "ingest.max-quarantine-fraction=0.8");
    assertEquals("0", lenient[0], lenient[2]);
    assertTrue(Files.exists(tmp.resolve("run/ingest/_SUCCESS")));
  }
}
