package org.drgrade.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drgrade.decide.DecideSummary;
import org.drgrade.grading.Decider;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a small real run, opened in headless Chromium: every image loads, the headline
 * figures are the ones decide and ingest wrote, and a quarantined file's name is shown escaped.
 */
@IntegrationTest
class ReportPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** A file name that would break the page if it were written into the HTML unescaped. */
  private static final String ODD_FILE = "notes<b>&.txt";

  @TempDir Path tmp;

  @Test
  void pageOfASmallRunLoadsEveryImageAndShowsTheHeadlines() throws Exception {
    requireChromium();
    Path extra = Files.createDirectories(tmp.resolve("extra"));
    Files.writeString(extra.resolve(ODD_FILE), "not an image");
    String stdout =
        run(
            "--set",
            "ingest.images=\"" + tmp.resolve("synth/images") + "," + extra + "\"",
            // Not the generated images folder alone, so its test folder is named explicitly.
            "--set",
            "ingest.test-images=\"" + tmp.resolve("synth/test") + "\"");

    Path page = tmp.resolve("run/report/index.html");
    assertTrue(stdout.contains("report: file:" + page), stdout);
    String html = Files.readString(page);
    DecideSummary decide =
        Json.parse(
            Files.readString(tmp.resolve("run/decide").resolve(Stage.SUMMARY)),
            DecideSummary.class);
    Decider.Outcome submitted =
        decide.outcomes().stream()
            .filter(
                o ->
                    o.split().equals("validation")
                        && o.rule().label().equals(decide.submissionRule()))
            .findFirst()
            .orElseThrow();
    String kappa = Headlines.decimal(submitted.kappa());
    // The page says which rule was submitted, whether it is a batch rule, and that the rule
    // table's figures are out of sample.
    boolean batch = !submitted.rule().perImage();
    assertTrue(
        html.contains("submission: decide's rule '" + decide.submissionRule() + "'")
            && html.contains(
                batch
                    ? "(a batch rule: it labels the submitted images as one set"
                    : "(a per-image rule)"),
        html.substring(0, Math.min(2000, html.length())));
    assertTrue(
        html.contains("tuned_cut_points is scored with cut-points tuned on the other validation"),
        "the rule table says its cut-points are scored out of fold");
    IngestSummary ingest =
        Json.parse(
            Files.readString(tmp.resolve("run/ingest").resolve(Stage.SUMMARY)),
            IngestSummary.class);
    assertEquals(31, ingest.filesFound());
    String quarantine = html.substring(html.indexOf("<table id=\"quarantine\">"));
    // Ingest keeps each path as the file system names it (decoded), so '<', '>' and '&' all reach
    // the page and must be escaped.
    assertTrue(
        quarantine.contains("notes&lt;b&gt;&amp;.txt")
            && !html.contains("<b>&")
            && !html.contains("&.txt"),
        "the quarantined name is escaped: " + quarantine);

    String dom = dumpDom(page);
    Matcher images =
        Pattern.compile("data-images=\"(\\d+)\" data-images-loaded=\"(\\d+)\"").matcher(dom);
    assertTrue(
        images.find(),
        "the page's load check ran: " + dom.substring(0, Math.min(400, dom.length())));
    int tags = html.split("<img ", -1).length - 1;
    assertEquals(7, tags, "six plots and the gallery");
    assertEquals(tags, Integer.parseInt(images.group(1)));
    assertEquals(tags, Integer.parseInt(images.group(2)), "every image loaded");
    assertTrue(
        dom.contains(headline("kappa", kappa)),
        "validation kappa " + kappa + " of '" + decide.submissionRule() + "'");
    assertTrue(dom.contains(headline("images-in", "31")), "images in");
    assertTrue(dom.contains(headline("quarantined", "1")), "the odd file is quarantined");
    assertTrue(
        dom.contains(headline("submitted", Integer.toString(decide.targetImages()))),
        "submitted images");
    for (String figure : List.of("accuracy", "sensitivity", "specificity", "accepted")) {
      assertTrue(dom.contains("data-figure=\"" + figure + "\""), figure);
    }
    assertFalse(
        dom.contains(">n/a</span><span class=\"name\">validation kappa"), "kappa is defined");
  }

  private static String headline(String key, String value) {
    return "data-figure=\"" + key + "\"><span class=\"value\">" + value + "</span>";
  }

  /**
   * Absent Chromium skips the test on a developer machine but fails it in CI, where .ci/run
   * installs it.
   */
  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(CHROMIUM + " is missing (CI=true): .ci/run installs Debian's chromium");
    }
    Assumptions.abort(
        CHROMIUM
            + " is missing: install Debian's chromium (apt-get install -y chromium) to check the report page");
  }

  /**
   * The DOM after the page's load event; virtual time lets the images load and the script run
   * first.
   */
  private String dumpDom(Path page) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"),
                "--virtual-time-budget=5000",
                "--dump-dom",
                page.toUri().toString()));
    Process chromium =
        new ProcessBuilder(command).redirectError(tmp.resolve("chromium.log").toFile()).start();
    byte[] dom = chromium.getInputStream().readAllBytes();
    assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium finished");
    assertEquals(
        0, chromium.exitValue(), () -> "chromium failed: " + read(tmp.resolve("chromium.log")));
    return new String(dom, StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private String run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--set",
                "predict.checkpoints=1",
                "--set",
                "predict.augmentations=1",
                "--set",
                "blend.epochs=5",
                "--set",
                "preprocess.gallery-images=4"));
    args.addAll(Drgrade.smallRun(tmp));
    args.addAll(List.of(extra));
    return Drgrade.run(args);
  }
}
