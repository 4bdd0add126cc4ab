package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.drgrade.io.Json;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drgrade run} with a two-step drgrade.train.schedule and training-only images
 * (drgrade.ingest.extra-images), end to end on generated eyes: each size is preprocessed once, the
 * second step starts from the first step's model on the same split, the training-only patients
 * train in both steps and are never validated on, predicted or submitted, the resampling draws
 * towards the graded images' mix (recorded in the model), and a rerun resumes both steps.
 */
class ScheduleRunTest {
  @TempDir Path tmp;

  private static final String SCHEDULE =
      "train.schedule=[{size: 80, crop: 64, epochs: 1}, {size: 128, crop: 112, epochs: 1,"
          + " learning-rates: [\"0:0.005\"]}]";

  private List<String> args(String command, Path extra) {
    return Drgrade.smallRun(
        command,
        tmp,
        "train.engine=torch",
        SCHEDULE,
        "ingest.extra-images=\"" + extra.resolve("images") + "\"",
        "ingest.extra-labels=\"" + extra.resolve("trainLabels.csv") + "\"",
        "predict.checkpoints=1",
        "predict.augmentations=1",
        "blend.epochs=5");
  }

  @Test
  void twoStepsAndTrainingOnlyImagesInOneRun() throws Exception {
    Path extra = extraPatients(tmp.resolve("extra"), 5);
    Map<String, Integer> extraLabels = labels(extra.resolve("trainLabels.csv"));
    String printed = Drgrade.run(args("run", extra));
    Path run = tmp.resolve("run");
    assertTrue(Files.exists(run.resolve("report/_SUCCESS")), printed);
    assertTrue(printed.contains(extraLabels.size() + " of them training-only"), printed);

    // each size preprocessed once, into its own output; the last one is the run's own
    assertEquals(80, parameters(run.resolve("preprocess-80")).outputSize());
    assertEquals(128, parameters(run.resolve("preprocess")).outputSize());

    // step 1 trained into train-step-1 and kept its model there; step 2 (the run) started from it
    ModelDescriptor first = model(run.resolve("train-step-1/model"));
    ModelDescriptor last = model(run.resolve("model"));
    assertEquals(64, first.input().crop());
    assertEquals(112, last.input().crop());
    assertEquals("", first.training().warmStart());
    assertEquals(run.resolve("train-step-1/model").toString(), last.training().warmStart());

    // one split for both steps; every training-only patient on the training side
    Map<String, String> split = split(run.resolve("train-step-1/split"));
    assertEquals(split, split(run.resolve("train/split")));
    for (String image : extraLabels.keySet()) {
      assertEquals("train", split.get(image.substring(0, image.indexOf('_'))), image);
    }
    assertTrue(split.containsValue("validation"), split.toString());

    // the training-only images trained in both steps, and the resampling drew towards the mix of
    // the graded (generated) images, not of all training images
    assertEquals(extraLabels.size(), last.training().trainOnlyImages());
    assertEquals(extraLabels.size(), first.training().trainOnlyImages());
    Map<String, Integer> graded = labels(tmp.resolve("synth/trainLabels.csv"));
    double[] mix = new double[5];
    graded.values().forEach(g -> mix[g] += 1.0 / graded.size());
    assertArrayEquals(mix, last.training().classBalanceToward(), 1e-9);
    long trainImages =
        graded.keySet().stream()
                .filter(i -> "train".equals(split.get(i.substring(0, i.indexOf('_')))))
                .count()
            + extraLabels.size();
    assertEquals(trainImages, last.training().trainImages());

    // never predicted, blended or submitted
    for (String table : List.of("predict/predictions", "blend/predictions")) {
      for (Row r :
          TestSpark.session().read().parquet(run.resolve(table).toString()).collectAsList()) {
        assertFalse(extraLabels.containsKey(r.<String>getAs("image")), table + ": " + r);
      }
    }
    String submission = Files.readString(run.resolve("decide/submission.csv"));
    extraLabels.keySet().forEach(i -> assertFalse(submission.contains(i + ","), i));

    // a rerun resumes both steps after their last epoch: nothing is trained again
    String again = Drgrade.run(args("train", extra));
    assertEquals(2, again.split("all already done", -1).length - 1, again);
  }

  /**
   * Generated patients whose ids cannot meet the run's own (each id prefixed with 9): the images
   * and labels of a training-only folder.
   */
  private static Path extraPatients(Path dir, int patients) throws IOException {
    Drgrade.run(
        List.of(
            "synth",
            "--set",
            "synth.output=\"" + dir.resolve("generated") + "\"",
            "--set",
            "synth.patients=" + patients,
            "--set",
            "synth.test-patients=0",
            "--set",
            "synth.seed=7"));
    Files.createDirectories(dir.resolve("images"));
    try (Stream<Path> images = Files.list(dir.resolve("generated/images"))) {
      // the images alone: not the checksum files the generator's Hadoop writer leaves beside them
      for (Path image : images.filter(f -> f.toString().endsWith(".jpeg")).toList()) {
        Files.move(image, dir.resolve("images").resolve("9" + image.getFileName()));
      }
    }
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("generated/trainLabels.csv"))) {
      rows.add(line.startsWith("image") ? line : "9" + line);
    }
    Files.write(dir.resolve("trainLabels.csv"), rows);
    return dir;
  }

  private static Map<String, Integer> labels(Path csv) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (String line : Files.readAllLines(csv)) {
      if (!line.startsWith("image") && !line.isBlank()) {
        String[] parts = line.split(",");
        out.put(parts[0], Integer.parseInt(parts[1].trim()));
      }
    }
    return out;
  }

  private static Map<String, String> split(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : TestSpark.session().read().parquet(dir.toString()).collectAsList()) {
      out.put(r.getAs("patient"), r.getAs("split"));
    }
    return out;
  }

  private static ModelDescriptor model(Path dir) throws IOException {
    return Json.parse(Files.readString(dir.resolve("model.json")), ModelDescriptor.class);
  }

  private static PreprocessConfig parameters(Path preprocess) throws IOException {
    return Json.parse(
        Files.readString(preprocess.resolve(PreprocessStage.PARAMETERS_FILE)),
        PreprocessConfig.class);
  }
}
