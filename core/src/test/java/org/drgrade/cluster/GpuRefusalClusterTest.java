package org.drgrade.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.drgrade.cli.Main;
import org.drgrade.spark.LocalStandaloneCluster;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task Spark gives a GPU trains on that GPU or not at all. On a real standalone cluster whose
 * worker offers a made-up GPU, neither engine can use it (no GPU here, and the jar's engines are
 * CPU builds): smoke and train stop with exit 1 and one line naming the engine, the device it got
 * and the cause, before any minibatch is fitted.
 */
@IntegrationTest
class GpuRefusalClusterTest {
  @TempDir Path tmp;

  private static Main.Outcome drgrade(
      LocalStandaloneCluster cluster, String command, String... extra) {
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(cluster.drgradeSettings());
    args.addAll(
        List.of(
            "--set",
            "spark.conf.\"spark.ui.enabled\"=false",
            "--set",
            "spark.conf.\"spark.executor.resource.gpu.amount\"=1",
            "--set",
            "spark.conf.\"spark.executor.instances\"=1",
            "--set",
            "train.task-gpus=1"));
    args.addAll(List.of(extra));
    return Main.run(args.toArray(String[]::new));
  }

  @Test
  void aTaskGivenAGpuItsEngineCannotUseStopsWithOneLineBeforeItsFirstMinibatch() throws Exception {
    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.startWithFakeGpus(tmp.resolve("cluster"), 1)) {
      Main.Outcome torch = drgrade(cluster, "smoke", "--set", "train.engine=torch");
      assertEquals(1, torch.code(), torch.reason());
      assertTrue(
          torch
                  .reason()
                  .startsWith(
                      "drgrade: smoke: the torch engine was given GPU 0 but would"
                          + " train on cpu")
              && torch.reason().contains("is a CPU build"),
          torch.reason());

      // The same cluster with the check off (made-up GPUs only): smoke trains on the CPU.
      Main.Outcome anyway =
          drgrade(
              cluster, "smoke", "--set", "train.engine=torch", "--set", "train.gpu-required=false");
      assertEquals(0, anyway.code(), anyway.reason());

      Path out = tmp.resolve("run");
      Main.Outcome train =
          drgrade(
              cluster,
              "run",
              "--set",
              "train.engine=dl4j",
              "--set",
              "synth.output=\"" + tmp.resolve("synth") + "\"",
              "--set",
              "synth.patients=8",
              "--set",
              "synth.test-patients=1",
              "--set",
              "run.output=\"" + out + "\"",
              "--set",
              "train.epochs=1");
      assertEquals(1, train.code(), train.reason());
      assertTrue(
          train
              .reason()
              .matches(
                  "drgrade: train: executor \\S+: the dl4j engine was given GPU 0 but would train"
                      + " on cpu: ND4J loaded its CPU backend .*"),
          train.reason());
      assertFalse(train.reason().contains("\n"), "one line");
      assertTrue(Files.exists(out.resolve("train/split/_SUCCESS")), "train had started");
      assertFalse(
          Files.exists(out.resolve("train/checkpoints/epoch-0000")),
          "but fitted no minibatch: no checkpoint");
    }
  }
}
