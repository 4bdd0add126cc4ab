package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.drgrade.cli.Main;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.io.Json;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drgrade bench learn} end to end on a small generated set: every cross-validated image is
 * held out exactly once, train-only patients are trained on in every fold and never held out, and
 * the JSON carries each fold's scores and their spread. (Learning quality is measured by running
 * the bench on ../shared/data, not asserted here.)
 */
@IntegrationTest
class LearnBenchTest {
  @TempDir Path tmp;

  @Test
  void crossValidatesThroughThePipelineAndKeepsTrainOnlyPatientsOutOfValidation() throws Exception {
    Drgrade.synth(tmp.resolve("synth"), 12);
    // The first 4 patients' images become a second, train-only folder.
    Path images = tmp.resolve("synth/images");
    Path extra = Files.createDirectories(tmp.resolve("extra"));
    List<String> labels = Files.readAllLines(tmp.resolve("synth/trainLabels.csv"));
    Set<String> patients = new HashSet<>();
    StringBuilder cv = new StringBuilder(labels.get(0)).append('\n');
    StringBuilder only = new StringBuilder(labels.get(0)).append('\n');
    int extraImages = 0;
    for (String row : labels.subList(1, labels.size())) {
      String image = row.split(",")[0];
      String patient = image.substring(0, image.indexOf('_'));
      if (patients.size() < 4 || patients.contains(patient)) {
        patients.add(patient);
        try (var files = Files.list(images)) {
          for (Path f :
              files.filter(f -> f.getFileName().toString().startsWith(image + ".")).toList()) {
            Files.move(f, extra.resolve(f.getFileName()));
          }
        }
        only.append(row).append('\n');
        extraImages++;
      } else {
        cv.append(row).append('\n');
      }
    }
    Files.writeString(tmp.resolve("cv.csv"), cv);
    Files.writeString(tmp.resolve("extra.csv"), only);

    String trainOnly = extra + ":" + tmp.resolve("extra.csv");
    String printed =
        Drgrade.run(
            bench(
                images,
                "work",
                "--train-only",
                trainOnly,
                // the class-balanced resampling through Spark: the counts below must still add up
                "--set",
                "train.class-balance.start=1",
                // the head of drgrade before train.head existed (the resume below)
                "--set",
                "train.head=softmax",
                // 4 held-out patients per fold: enough for the blenders' 2-fold cross-validation
                "--set",
                "blend.folds=2"));
    JsonNode report = Json.mapper().readTree(printed);
    int labelled = report.get("labelledImages").asInt();
    int cvImages = labelled - extraImages;
    assertEquals(8, report.get("crossValidatedPatients").asInt(), printed);
    JsonNode runs = report.get("runs");
    assertEquals(2, runs.size(), printed);
    int validated = 0;
    List<Integer> allGrades = gradeCounts(cv + only.substring(only.indexOf("\n") + 1));
    for (JsonNode run : runs) {
      int val = run.get("validationImages").asInt();
      assertTrue(val > 0, printed);
      assertEquals(labelled, run.get("trainImages").asInt() + val, printed);
      assertEquals(val, run.get("scores").get("images").asInt());
      // The reported figures are those of the predictions the fold wrote, recomputed here from
      // the rows: the fold's held-out images, as predicted and again as blended.
      Path fold = tmp.resolve("work/runs/seed-7-fold-" + run.get("fold").asInt());
      assertScoresOf(run.get("scores"), fold.resolve("predict/predictions"), allGrades, printed);
      assertScoresOf(run.get("blended"), fold.resolve("blend/predictions"), allGrades, printed);
      assertTrue(run.get("trainImagesPerSecond").asDouble() > 0, printed);
      // the same held-out images scored again after the pipeline's eye blending
      assertEquals(val, run.get("blended").get("images").asInt(), printed);
      assertEquals("linear", run.get("blendMethod").asText(), printed);
      validated += val;
    }
    assertEquals(cvImages, validated, "each cross-validated image held out once: " + printed);
    // the two grade mixes, as the label files give them
    assertEquals(gradeCounts(cv), ints(report.at("/imagesPerGrade/crossValidated")), printed);
    assertEquals(gradeCounts(only), ints(report.at("/imagesPerGrade/trainOnly")), printed);
    // Predict grades only the images the bench scores, not the fold's training images.
    assertEquals(
        List.of("validation"), splits(tmp.resolve("work/runs/seed-7-fold-0/predict/predictions")));
    assertEquals(2, report.get("drgrade").get("logLoss").get("runs").asInt(), printed);
    assertTrue(Files.exists(tmp.resolve("work/learn.json")));

    // --warm-from: fold 0 starts from the earlier bench's fold-0 model. At a learning rate too
    // small to move a weight by 1e-6 in one epoch, nearly every weight is still that network's;
    // a cold start, or the other fold's model, shares few (measured: 99.5 % against 1.2 %; the
    // rest of the warm network is freshly initialised by design). At 1e-4 the two folds' networks,
    // one epoch from the same seeded start, still share 73 %.
    List<String> warm =
        bench(
            images,
            "warm",
            "--fold",
            "0",
            "--train-only",
            trainOnly,
            "--set",
            "train.class-balance.start=1",
            "--set",
            "train.head=softmax",
            "--rate",
            "0.00001",
            "--warm-from",
            tmp.resolve("work").toString());
    Drgrade.run(warm);
    float[] warmed = network(tmp.resolve("warm/runs/seed-7-fold-0/model"));
    double own = shared(warmed, network(tmp.resolve("work/runs/seed-7-fold-0/model")));
    double other = shared(warmed, network(tmp.resolve("work/runs/seed-7-fold-1/model")));
    assertTrue(
        own > 0.9 && other < 0.5, "weights kept: of its fold's " + own + ", other's " + other);
    // ... and only from a run of the same split: without the train-only patients it is not.
    Main.Outcome otherSplit =
        Main.run(
            bench(
                    images,
                    "warm-other",
                    "--fold",
                    "0",
                    "--warm-from",
                    tmp.resolve("work").toString())
                .toArray(String[]::new));
    assertEquals(2, otherSplit.code(), otherSplit.reason());
    assertTrue(otherSplit.reason().contains("is not this fold's"), otherSplit.reason());

    // The same --work with another option would score the earlier option's networks: refused,
    // before anything is trained or reported.
    Path learnJson = tmp.resolve("work/learn.json");
    String reportBefore = Files.readString(learnJson);
    String trainingBefore = Files.readString(tmp.resolve("work/training.json"));
    Main.Outcome refused =
        Main.run(
            bench(images, "work", "--train-only", trainOnly, "--set", "train.leaky-relu-slope=0.01")
                .toArray(String[]::new));
    assertEquals(2, refused.code(), refused.reason());
    assertTrue(
        refused.reason().contains("holds fold runs trained with other settings"), refused.reason());
    assertTrue(refused.reason().contains("leaky-relu-slope"), refused.reason());
    assertEquals(reportBefore, Files.readString(learnJson), "no new report");
    assertEquals(trainingBefore, Files.readString(tmp.resolve("work/training.json")));
    // A --work from before a key existed (here train.head) resumes only at what drgrade did before
    // the key existed (softmax), not at today's default (regression); its training.json is then
    // brought up to date.
    Path kept = tmp.resolve("work/training.json");
    String withHead = Files.readString(kept);
    assertTrue(withHead.contains("\"head\":\"softmax\","), withHead);
    String beforeHead = withHead.replace("\"head\":\"softmax\",", "");
    Files.writeString(kept, beforeHead);
    Files.deleteIfExists(tmp.resolve("work/.training.json.crc"));
    // (fold 0 alone: its training is found finished and only predicted and scored again)
    String[] fold0 = {
      "--fold", "0", "--train-only", trainOnly, "--set", "train.class-balance.start=1"
    };
    String atDefault = Drgrade.run(2, bench(images, "work", fold0));
    assertEquals(beforeHead, Files.readString(kept), atDefault);
    List<String> softmax = bench(images, "work", fold0);
    softmax.addAll(List.of("--set", "train.head=softmax"));
    Drgrade.run(softmax);
    assertEquals(withHead, Files.readString(kept));

    // With the pipeline's train.folds = 2 inside fold 0: the fold's training patients are
    // cross-validated by two networks and its held-out patients are graded by both, as test
    // images are; they are the images scored.
    String inner = Drgrade.run(bench(images, "inner", "--fold", "0", "--set", "train.folds=2"));
    JsonNode foldRun = Json.mapper().readTree(inner).get("runs").get(0);
    int heldOut = foldRun.get("validationImages").asInt();
    assertTrue(heldOut > 0 && heldOut < cvImages, inner);
    assertEquals(cvImages, foldRun.get("trainImages").asInt() + heldOut, inner);
    Path run = tmp.resolve("inner/runs/seed-7-fold-0");
    assertTrue(Files.exists(run.resolve("train/folds/fold-1/_SUCCESS")), inner);
    assertEquals(
        2,
        Json.mapper()
            .readTree(run.resolve("model/model.json").toFile())
            .get("networkFolds")
            .size());
    // the blend is fitted on the training patients' out-of-fold predictions and applied to the
    // held-out patients
    assertEquals(heldOut, foldRun.get("blended").get("images").asInt(), inner);
    assertEquals(
        List.of("unassigned", "validation"), splits(run.resolve("blend/predictions")), inner);
  }

  /**
   * --holdout sets patients aside before any fold is dealt: no fold run's split/ holds them (so
   * none trains or validates on them) and no fold predicts them; --final-test then trains on every
   * other patient and scores exactly them, once, reported beside the cross-validated figures.
   */
  @Test
  void holdsOutAFinalTestThatNoFoldSeesAndScoresItOnceAtTheEnd() throws Exception {
    Drgrade.synth(tmp.resolve("synth"), 12);
    Path images = tmp.resolve("synth/images");
    String labels = Files.readString(tmp.resolve("synth/trainLabels.csv"));
    Files.writeString(tmp.resolve("cv.csv"), labels);
    String printed =
        Drgrade.run(
            bench(images, "work", "--holdout", "0.25", "--holdout-seed", "3", "--final-test"));
    JsonNode report = Json.mapper().readTree(printed);
    int labelled = report.get("labelledImages").asInt();
    JsonNode holdout = report.get("holdout");
    assertEquals(0.25, holdout.get("fraction").asDouble(), printed);
    assertEquals(3, holdout.get("seed").asLong(), printed);

    // The final test run validates on the held-out patients and trains on every other one.
    Path test = tmp.resolve("work/runs/seed-7-test");
    Map<String, String> testSplit = split(test.resolve("train/split"));
    Set<String> heldOut = new TreeSet<>();
    testSplit.forEach(
        (p, side) -> {
          if (side.equals("validation")) {
            heldOut.add(p);
          }
        });
    Map<String, Integer> imagesOf = new TreeMap<>();
    labels.lines().skip(1).forEach(row -> imagesOf.merge(patient(row), 1, Integer::sum));
    assertEquals(imagesOf.keySet(), testSplit.keySet(), "the test run trains on all the others");
    int heldOutImages = heldOut.stream().mapToInt(imagesOf::get).sum();
    assertEquals(heldOut.size(), holdout.get("patients").asInt(), printed);
    assertEquals(heldOutImages, holdout.get("images").asInt(), printed);
    assertTrue(heldOut.size() >= 2 && heldOut.size() <= 4, "about a quarter of 12: " + heldOut);
    assertEquals(12, report.get("crossValidatedPatients").asInt() + heldOut.size(), printed);
    int perGradeHeldOut = 0;
    for (JsonNode n : report.at("/imagesPerGrade/heldOut")) {
      perGradeHeldOut += n.asInt();
    }
    assertEquals(heldOutImages, perGradeHeldOut, printed);

    // No fold run holds a held-out patient in its split (trained or validated on), nor predicts
    // or blends one; the folds' validation sides cover the other patients once each.
    Set<String> validated = new TreeSet<>();
    JsonNode runs = report.get("runs");
    assertEquals(2, runs.size(), printed);
    int cvValidated = 0;
    for (JsonNode run : runs) {
      Path fold = tmp.resolve("work/runs/seed-7-fold-" + run.get("fold").asInt());
      Map<String, String> split = split(fold.resolve("train/split"));
      Set<String> expected = new TreeSet<>(imagesOf.keySet());
      expected.removeAll(heldOut);
      assertEquals(expected, split.keySet(), "a fold's split: every patient but the held-out");
      split.forEach((p, side) -> assertTrue(!side.equals("validation") || validated.add(p), p));
      for (String stage : List.of("predict", "blend")) {
        Set<String> predicted = patients(fold.resolve(stage + "/predictions"));
        predicted.retainAll(heldOut);
        assertEquals(Set.of(), predicted, stage + " of a fold met held-out patients");
      }
      int val = run.get("validationImages").asInt();
      assertEquals(labelled, run.get("trainImages").asInt() + val + heldOutImages, printed);
      cvValidated += val;
    }
    assertEquals(labelled - heldOutImages, cvValidated, printed);
    assertEquals(12 - heldOut.size(), validated.size(), printed);

    // The final test in the JSON: one run (one seed), scored on exactly the held-out images, as
    // predicted and as blended, and summarised beside the folds' spread.
    JsonNode finals = report.get("finalTest");
    assertEquals(1, finals.size(), printed);
    JsonNode last = finals.get(0);
    assertTrue(last.get("fold").isNull(), printed);
    assertEquals(heldOutImages, last.get("validationImages").asInt(), printed);
    assertEquals(labelled, last.get("trainImages").asInt() + heldOutImages, printed);
    assertEquals(heldOutImages, last.get("blended").get("images").asInt(), printed);
    assertEquals(heldOut, patients(test.resolve("predict/predictions")), printed);
    List<Integer> allGrades = gradeCounts(labels);
    assertScoresOf(last.get("scores"), test.resolve("predict/predictions"), allGrades, printed);
    assertScoresOf(last.get("blended"), test.resolve("blend/predictions"), allGrades, printed);
    assertEquals(1, report.at("/finalTestSummary/logLoss/runs").asInt(), printed);
    JsonNode logLoss = report.at("/finalTestVsCrossValidation/logLoss");
    assertEquals(last.at("/scores/logLoss").asDouble(), logLoss.get("finalTest").asDouble(), 1e-12);
    assertEquals(
        report.at("/drgrade/logLoss/mean").asDouble(),
        logLoss.get("crossValidatedMean").asDouble(),
        1e-12);
    assertEquals(
        Math.abs(logLoss.get("difference").asDouble())
            <= 2 * logLoss.get("crossValidatedSd").asDouble(),
        logLoss.get("withinCvSpread").asBoolean(),
        printed);
    assertTrue(report.get("finalTestVerdict").isTextual(), printed);

    // The holdout is part of what a rerun on the same --work must match: another one is refused
    // before anything is trained.
    Main.Outcome other =
        Main.run(bench(images, "work", "--holdout", "0.25").toArray(String[]::new));
    assertEquals(2, other.code(), other.reason());
    assertTrue(other.reason().contains("holdout fraction=0.25 seed=2015"), other.reason());
    // and --final-test without a holdout has nothing to score
    assertEquals(2, Main.run(bench(images, "none", "--final-test").toArray(String[]::new)).code());
    assertTrue(Files.notExists(tmp.resolve("none")));
  }

  /** A split/ table: patient -> split. */
  private static Map<String, String> split(Path table) {
    Map<String, String> out = new TreeMap<>();
    TestSpark.session()
        .read()
        .parquet(table.toString())
        .collectAsList()
        .forEach(r -> out.put(r.getAs("patient"), r.getAs("split")));
    return out;
  }

  /** The patients of a predictions table. */
  private static Set<String> patients(Path predictions) {
    Set<String> out = new TreeSet<>();
    TestSpark.session()
        .read()
        .parquet(predictions.toString())
        .select("patient")
        .collectAsList()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  /** The patient of an image,level row: the image name before its side. */
  private static String patient(String row) {
    String image = row.split(",")[0];
    return image.substring(0, image.indexOf('_'));
  }

  /**
   * Checks a fold's reported scores against its validation rows in {@code predictions}: image
   * count, log-loss (mean -ln p[true grade], distributions normalised), argmax accuracy and kappa,
   * and the log-loss of the training side's add-one-smoothed grade frequencies, which are all
   * labelled images' ({@code allGrades}) less the validation rows'.
   */
  private static void assertScoresOf(
      JsonNode scores, Path predictions, List<Integer> allGrades, String printed) {
    List<org.apache.spark.sql.Row> rows =
        TestSpark.session()
            .read()
            .parquet(predictions.toString())
            .filter("split = 'validation'")
            .select("level", "p0", "p1", "p2", "p3", "p4")
            .collectAsList();
    int n = rows.size();
    int[] truth = new int[n];
    int[] argmax = new int[n];
    double logLoss = 0;
    int right = 0;
    double[] trainCounts = new double[5];
    for (int g = 0; g < 5; g++) {
      trainCounts[g] = allGrades.get(g);
    }
    for (int i = 0; i < n; i++) {
      org.apache.spark.sql.Row r = rows.get(i);
      truth[i] = r.getInt(0);
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        sum += r.getDouble(1 + k);
        if (r.getDouble(1 + k) > r.getDouble(1 + argmax[i])) {
          argmax[i] = k;
        }
      }
      logLoss -= Math.log(Math.max(r.getDouble(1 + truth[i]) / sum, 1e-15)) / n;
      right += argmax[i] == truth[i] ? 1 : 0;
      trainCounts[truth[i]]--;
    }
    double trainImages = java.util.Arrays.stream(trainCounts).sum();
    double priorLogLoss = 0;
    for (int t : truth) {
      priorLogLoss -= Math.log((trainCounts[t] + 1) / (trainImages + 5)) / n;
    }
    assertEquals(n, scores.get("images").asInt(), printed);
    assertEquals(logLoss, scores.get("logLoss").asDouble(), 1e-9, printed);
    assertEquals(priorLogLoss, scores.get("priorLogLoss").asDouble(), 1e-9, printed);
    assertEquals((double) right / n, scores.get("accuracy").asDouble(), 1e-9, printed);
    var kappa = GradeAgreement.of(truth, argmax).kappa();
    if (kappa.defined()) {
      assertEquals(kappa.value(), scores.get("kappaArgmax").asDouble(), 1e-9, printed);
    } else {
      assertTrue(scores.get("kappaArgmax").isNull(), printed);
    }
  }

  /** The parameters of the one network in a model directory. */
  private static float[] network(Path model) throws Exception {
    try (GradingNetwork net =
        Engines.of("torch").read(Files.readAllBytes(model.resolve("networks/network-0.zip")))) {
      return net.parameters();
    }
  }

  /** The share of weights of {@code a} within 1e-6 of {@code b}'s. */
  private static double shared(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    int near = 0;
    for (int i = 0; i < a.length; i++) {
      near += Math.abs(a[i] - b[i]) < 1e-6 ? 1 : 0;
    }
    return (double) near / a.length;
  }

  /** The splits present in a predictions table, in order. */
  private static List<String> splits(Path predictions) {
    return TestSpark.session()
        .read()
        .parquet(predictions.toString())
        .select("split")
        .distinct()
        .orderBy("split")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /**
   * {@code bench learn} on the cv folder (2 folds, seed 7, 1 epoch, 128/112 px, batch 8, torch, no
   * peer) into {@code work}, plus {@code extra} arguments.
   */
  private List<String> bench(Path images, String work, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "learn",
                "--data",
                images + ":" + tmp.resolve("cv.csv"),
                "--folds",
                "2",
                "--seeds",
                "7",
                "--epochs",
                "1",
                "--size",
                "128",
                "--crop",
                "112",
                "--batch",
                "8",
                "--no-peer",
                "--work",
                tmp.resolve(work).toString(),
                "--set",
                "train.engine=torch",
                "--set",
                "spark.conf.\"spark.ui.enabled\"=false"));
    args.addAll(List.of(extra));
    return args;
  }

  /** Images per grade 0-4 in an image,level label file's text. */
  private static List<Integer> gradeCounts(CharSequence labels) {
    Integer[] counts = {0, 0, 0, 0, 0};
    labels.toString().lines().skip(1).forEach(row -> counts[Integer.parseInt(row.split(",")[1])]++);
    return List.of(counts);
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
