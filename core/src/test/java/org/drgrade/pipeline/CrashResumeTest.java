package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.preprocess.PreprocessSummary;
import org.drgrade.spark.JavaOpens;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.drgrade.train.TrainSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real process kills: `drgrade run` in a child JVM is killed (forcibly, with its descendants) once
 * in preprocess after the first committed batch and once in train after the first complete
 * checkpoint; a rerun of the same command finishes the job without redoing or duplicating committed
 * work, and the result matches an uninterrupted run on the same generated data.
 */
@IntegrationTest
class CrashResumeTest {

  private static final int PATIENTS = 20;
  private static final int TEST_PATIENTS = 2;
  private static final int IMAGES = 2 * (PATIENTS + TEST_PATIENTS);

  @TempDir Path tmp;

  /**
   * The child JVM command line: java from java.home, this JVM's class path, Spark's --add-opens.
   */
  static List<String> javaCommand(String mainClass) {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g"));
    cmd.addAll(JavaOpens.ADD_OPENS);
    cmd.add("--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED");
    cmd.addAll(
        List.of(
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
            "-Dorg.bytedeco.javacpp.maxbytes=2G",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=4G",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    return cmd;
  }

  static Process start(List<String> cmd, Path log) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor();
  }

  private List<String> runCommand(Path run) {
    List<String> cmd = javaCommand("org.drgrade.cli.Main");
    cmd.add("run");
    for (String s :
        List.of(
            "synth.output=\"" + tmp.resolve("synth") + "\"",
            "run.output=\"" + run + "\"",
            "synth.patients=" + PATIENTS,
            "synth.test-patients=" + TEST_PATIENTS,
            "train.epochs=3",
            "preprocess.batch-images=8",
            "predict.checkpoints=2",
            "predict.augmentations=2",
            "spark.conf.\"spark.ui.enabled\"=false")) {
      cmd.addAll(List.of("--set", s));
    }
    return cmd;
  }

  /**
   * Runs the command until `killWhen` holds (then kills it and returns true) or it exits (asserts
   * exit 0, returns false).
   */
  private boolean runUntil(Path run, Path log, BooleanSupplier killWhen) throws Exception {
    Process p = start(runCommand(run), log);
    try {
      long deadline = System.nanoTime() + 240_000_000_000L;
      while (p.isAlive()) {
        if (killWhen != null && killWhen.getAsBoolean()) {
          kill(p);
          return true;
        }
        assertTrue(System.nanoTime() < deadline, "run did not finish in 240 s; log " + log);
        Thread.sleep(10);
      }
      assertEquals(0, p.exitValue(), () -> "drgrade run failed:\n" + tail(log));
      return false;
    } finally {
      if (p.isAlive()) {
        kill(p);
      }
    }
  }

  private static long timed(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void killedRunsResumeWithoutRedoingOrDuplicatingWork() throws Exception {
    Path crashed = tmp.resolve("crashed");
    Path log = tmp.resolve("crashed.log");

    // (a) Killed in preprocess: at least one committed batch, the stage not complete.
    long t0 = System.nanoTime();
    Path preprocess = crashed.resolve("preprocess");
    boolean killed =
        runUntil(
            crashed,
            log,
            () -> anyCommittedBatch(preprocess) && !Files.exists(preprocess.resolve("_SUCCESS")));
    long killPreprocessMs = timed(t0);
    assertTrue(killed, "the run finished before it could be killed in preprocess:\n" + tail(log));
    assertFalse(Files.exists(preprocess.resolve("_SUCCESS")), "killed before preprocess completed");

    // (b) The rerun resumes preprocess, then is killed in train after the first complete
    // checkpoint.
    t0 = System.nanoTime();
    Path train = crashed.resolve("train");
    killed =
        runUntil(
            crashed,
            log,
            () ->
                Files.exists(train.resolve("checkpoints/epoch-0000/_SUCCESS"))
                    && !Files.exists(train.resolve("_SUCCESS")));
    long killTrainMs = timed(t0);
    assertTrue(killed, "the rerun finished before it could be killed in train:\n" + tail(log));
    assertTrue(Files.exists(preprocess.resolve("_SUCCESS")));
    PreprocessSummary pre =
        Json.parse(Files.readString(preprocess.resolve(Stage.SUMMARY)), PreprocessSummary.class);
    assertTrue(pre.countsAddUp(), pre.text());
    assertEquals(IMAGES, pre.inputImages(), pre.text());
    assertTrue(
        pre.skippedDone() > 0,
        "the rerun skipped the images committed before the kill: " + pre.text());
    assertTrue(pre.processedNow() > 0, "the kill left images to do: " + pre.text());
    assertFalse(Files.exists(train.resolve("_SUCCESS")));
    String epoch0 = Files.readString(train.resolve("epochs/epoch-0000.json"));

    // The third run completes.
    t0 = System.nanoTime();
    assertFalse(runUntil(crashed, log, null));
    long resumeMs = timed(t0);
    TrainSummary ts =
        Json.parse(Files.readString(train.resolve(Stage.SUMMARY)), TrainSummary.class);
    assertTrue(ts.resumedAtEpoch() >= 1, "train resumed after the checkpoint: " + ts.text());
    assertEquals(List.of(0, 1, 2), ts.history().stream().map(m -> m.epoch()).toList());
    assertEquals(
        epoch0,
        Files.readString(train.resolve("epochs/epoch-0000.json")),
        "epoch 1's figures were not redone");
    List<Row> metrics =
        TestSpark.session()
            .read()
            .parquet(train.resolve("metrics").toString())
            .orderBy("epoch")
            .collectAsList();
    assertEquals(
        List.of(0, 1, 2),
        metrics.stream().map(r -> r.<Integer>getAs("epoch")).toList(),
        "3 epochs, no duplicates");
    assertEquals(ts.history().get(0).trainLoss(), metrics.get(0).<Double>getAs("train_loss"));

    Dataset<Row> manifest =
        TestSpark.session().read().parquet(preprocess.resolve("manifest").toString());
    assertEquals(IMAGES, manifest.count(), "one manifest row per input image");
    assertEquals(IMAGES, manifest.select("image").distinct().count(), "no duplicate manifest rows");

    // (c) An uninterrupted run on the same generated data gives the same tables.
    Path clean = tmp.resolve("clean");
    t0 = System.nanoTime();
    assertFalse(runUntil(clean, tmp.resolve("clean.log"), null));
    long cleanMs = timed(t0);
    for (String table :
        List.of(
            "ingest/images", "preprocess/manifest", "predict/predictions", "blend/predictions")) {
      assertEquals(count(clean.resolve(table)), count(crashed.resolve(table)), table);
    }
    assertEquals(IMAGES, count(clean.resolve("predict/predictions")));
    List<String> submission = submissionImages(crashed);
    assertEquals(2 * TEST_PATIENTS, submission.size());
    assertEquals(submissionImages(clean), submission);

    System.out.printf(
        "crash-resume timings: killed in preprocess after %.1f s; rerun killed in train after %.1f s; "
            + "resumed run completed in %.1f s (total %.1f s); uninterrupted run %.1f s; preprocess rerun %d processed + %d skipped; "
            + "train resumed at epoch %d%n",
        killPreprocessMs / 1e3,
        killTrainMs / 1e3,
        resumeMs / 1e3,
        (killPreprocessMs + killTrainMs + resumeMs) / 1e3,
        cleanMs / 1e3,
        pre.processedNow(),
        pre.skippedDone(),
        ts.resumedAtEpoch());
  }

  private static boolean anyCommittedBatch(Path preprocess) {
    Path batches = preprocess.resolve("batches");
    if (!Files.isDirectory(batches)) {
      return false;
    }
    try (Stream<Path> dirs = Files.list(batches)) {
      return dirs.anyMatch(d -> Files.exists(d.resolve("_SUCCESS")));
    } catch (IOException raced) {
      return false;
    }
  }

  private static long count(Path table) {
    return TestSpark.session().read().parquet(table.toString()).count();
  }

  private static List<String> submissionImages(Path run) throws IOException {
    return Files.readAllLines(run.resolve("decide/submission.csv")).stream()
        .skip(1)
        .map(l -> l.split(",")[0])
        .sorted()
        .toList();
  }

  static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
