package org.drgrade.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.drgrade.cli.Main;
import org.drgrade.engine.AllreduceTrainer;
import org.drgrade.io.Json;
import org.drgrade.spark.LocalStandaloneCluster;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.averaging = allreduce} on a real standalone cluster of two executor JVMs whose
 * workers each offer a (made-up) GPU, as on EMR: training takes one GPU per task through the
 * task-only profile with dynamic allocation off, each epoch's barrier stage runs its two tasks at
 * once under that profile, and the two workers average over their own ring (two workers in every
 * round, the ring timed). The made-up GPUs cannot be used, so the GPU check only warns.
 */
@IntegrationTest
class RingClusterTest {
  @TempDir Path tmp;

  @Test
  void twoGpuExecutorsTrainInOneBarrierStagePerEpochAveragingOverTheirRing() throws Exception {
    Path events = Files.createDirectories(tmp.resolve("events"));
    Path out = tmp.resolve("run");
    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.startWithFakeGpus(tmp.resolve("cluster"), 2)) {
      Main.Outcome run =
          ClusterRun.run(
              cluster,
              tmp,
              events,
              out,
              "spark.conf.\"spark.executor.resource.gpu.amount\"=1",
              "train.task-gpus=1",
              "train.gpu-required=false",
              "train.engine=torch",
              "train.averaging=allreduce",
              "train.epochs=2");
      assertEquals(0, run.code(), run.reason());
    }
    for (int epoch = 0; epoch < 2; epoch++) {
      JsonNode rounds =
          Json.mapper()
              .readTree(out.resolve(String.format("train/epochs/epoch-%04d.json", epoch)).toFile())
              .get("rounds");
      assertEquals(2, rounds.get("workers").asInt(), "both GPU tasks in the ring: " + rounds);
      assertTrue(rounds.get("rounds").asInt() >= 1, rounds.toString());
      assertTrue(rounds.get("ringLatency").asDouble() > 0, "the ring was timed: " + rounds);
    }

    List<JsonNode> log = ClusterRun.events(events);
    Set<Integer> gpuProfiles = new TreeSet<>();
    for (JsonNode e : log) {
      if (e.path("Event").asText().equals("SparkListenerResourceProfileAdded")
          && e.path("Task Resource Requests").has("gpu")) {
        gpuProfiles.add(e.path("Resource Profile Id").asInt());
      }
    }
    assertEquals(1, gpuProfiles.size(), "one resource profile with a GPU per task");
    List<JsonNode> fits =
        log.stream()
            .filter(e -> e.path("Event").asText().equals("SparkListenerStageCompleted"))
            .map(e -> e.path("Stage Info"))
            .filter(stage -> ClusterRun.reads(stage, AllreduceTrainer.EPOCH_RDD))
            .toList();
    assertEquals(2, fits.size(), "one barrier stage per epoch");
    for (JsonNode fit : fits) {
      assertFalse(fit.has("Failure Reason"), fit.toString());
      assertEquals(2, fit.path("Number of Tasks").asInt(), "one task per GPU, started together");
      assertTrue(
          gpuProfiles.contains(fit.path("Resource Profile Id").asInt()),
          "the barrier stage runs under the GPU profile: " + fit.path("Stage Name"));
    }
  }
}
