package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.OutputHead;
import org.drgrade.io.Json;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the libtorch engine: {@code drgrade run --set train.engine=torch} trains,
 * predicts, blends, decides and reports from torch checkpoints; the model records its engine and
 * grades real photographs on its own; a resume continues the torch checkpoints, and resuming them
 * with the other engine is a config error naming both.
 */
@IntegrationTest
class TorchEngineRunTest {
  @TempDir Path tmp;

  private List<String> args(String command, String... extra) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(Drgrade.smallRun(tmp));
    all.addAll(List.of("--set", "predict.checkpoints=2", "--set", "predict.augmentations=2"));
    all.addAll(List.of(extra));
    return all;
  }

  private static final String TORCH = "train.engine=torch";
  private static final String SOFTMAX = "train.head=softmax";

  @Test
  void runsTheWholePipelineKeepsItsModelAndResumesOnlyOnTheSameEngine() throws Exception {
    // The softmax head here (regression is the default, run by the other pipeline tests).
    String printed = Drgrade.run(args("run", "--set", TORCH, "--set", SOFTMAX));
    assertTrue(printed.contains("report"), printed);
    Path run = tmp.resolve("run");
    ModelDescriptor model =
        Json.parse(Files.readString(run.resolve("model/model.json")), ModelDescriptor.class);
    assertEquals("torch", model.engine());
    assertEquals(2, model.networks().size());
    for (String network : model.networks()) {
      byte[] bytes = Files.readAllBytes(run.resolve("model").resolve(network));
      assertEquals("torch", Engines.writerOf(bytes).id());
      try (GradingNetwork net = Engines.of("torch").read(bytes)) {
        assertEquals(OutputHead.SOFTMAX, net.head());
      }
    }
    assertNotNull(model.decision().rule());
    assertTrue(Files.exists(run.resolve("decide/submission.csv")));
    assertTrue(Files.exists(run.resolve("report/_SUCCESS")));

    Path graded = tmp.resolve("graded");
    String grade =
        Drgrade.run(
            List.of(
                "grade",
                "--model",
                run.resolve("model").toString(),
                "--images",
                SharedData.fundus("eyepacs-sample").toString(),
                "--output",
                graded.toString()));
    assertTrue(grade.contains("grade: 10 files found = 10 graded + 0 quarantined"), grade);
    assertEquals(11, Files.readAllLines(graded.resolve("grades.csv")).size());

    // Resumed with the same engine: epochs 1-2 are not trained again, epoch 3 is.
    Drgrade.run(args("train", "--set", TORCH, "--set", SOFTMAX, "--set", "train.epochs=3"));
    assertTrue(Files.exists(run.resolve("train/checkpoints/epoch-0002/_SUCCESS")));
    // With the other engine: one line, exit 2, before any training.
    String wrong =
        Drgrade.run(
            2,
            args(
                "train",
                "--set",
                "train.engine=dl4j",
                "--set",
                SOFTMAX,
                "--set",
                "train.epochs=4"));
    assertTrue(
        !Files.exists(run.resolve("train/checkpoints/epoch-0003")), "nothing trained: " + wrong);
    // With the other head (the default, regression): the same, exit 2 before any training.
    String otherHead = Drgrade.run(2, args("train", "--set", TORCH, "--set", "train.epochs=4"));
    assertTrue(
        !Files.exists(run.resolve("train/checkpoints/epoch-0003")),
        "nothing trained: " + otherHead);
  }
}
