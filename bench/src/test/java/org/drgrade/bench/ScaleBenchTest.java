package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.drgrade.io.Json;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drgrade bench scale} end to end on a tiny generated set: one and two executors of a real
 * standalone cluster train through the train stage, the timed epoch's rounds and Spark metrics are
 * reported, the cached data is the compact PNG rows (well under the float tensors), and the cost
 * model projects the requested GPU executors. (Speed and efficiency are measured by running the
 * bench on ../shared/data, never asserted.)
 */
@IntegrationTest
class ScaleBenchTest {
  @TempDir Path tmp;

  @Test
  void trainsOnOneAndTwoExecutorsAndReportsRoundsMetricsAndProjections() throws Exception {
    JsonNode report = scale("torch", "8,32");
    JsonNode runs = report.get("runs");
    assertEquals(2, runs.size());
    assertEquals(1.0, runs.get(0).get("efficiency").asDouble(), 1e-9, "speed(1) / speed(1)");
    JsonNode two = runs.get(1);
    assertEquals(2, two.get("workers").asInt());
    assertTrue(two.get("efficiency").asDouble() > 0);
    JsonNode rounds = two.get("rounds");
    assertEquals(2, rounds.get("workers").asInt(), "both executors fit in each round");
    assertTrue(rounds.get("rounds").asInt() >= 1);
    double parts =
        rounds.get("broadcast").asDouble()
            + rounds.get("launch").asDouble()
            + rounds.get("fit").asDouble()
            + rounds.get("gather").asDouble();
    assertTrue(parts <= rounds.get("wall").asDouble() + 0.05, "the split is within the wall time");
    JsonNode spark = two.get("sparkTotals");
    assertTrue(spark.get("tasks").asInt() > 0);
    assertTrue(spark.get("shuffleWritten").asLong() > 0, "the epoch's layout by round");
    double perImage = two.get("cachedBytesPerImage").asDouble();
    assertTrue(perImage > 0 && perImage < 3 * 64 * 64 * 4, "compact: " + perImage + " bytes");
    JsonNode projections = report.get("cost_model").get("torch").get("projections");
    assertEquals(2, projections.size());
    assertEquals(32, projections.get(1).get("workers").asInt());
    assertTrue(projections.get(1).get("computeSeconds").asDouble() > 0);
  }

  /**
   * The ring: two executor JVMs of the cluster train in one barrier stage per epoch, averaging over
   * TCP between themselves; the rounds carry the ring's latency and bytes, and the ring's cost
   * model projects from them.
   */
  @Test
  void theWorkersRingAveragesAcrossTwoExecutorJvms() throws Exception {
    JsonNode report = scale("torch-allreduce", "8");
    JsonNode two = report.get("runs").get(1);
    assertEquals(2, two.get("workers").asInt());
    JsonNode rounds = two.get("rounds");
    assertEquals(2, rounds.get("workers").asInt(), "both executors in the ring");
    assertTrue(rounds.get("rounds").asInt() >= 1);
    assertTrue(rounds.get("ringLatency").asDouble() > 0, "the ring was timed");
    assertTrue(rounds.get("gatheredBytes").asLong() > 0, "each worker sends the state once");
    assertTrue(rounds.get("stateCopy").asDouble() > 0, "the state's copies were timed");
    assertTrue(
        rounds.get("ringExchange").asDouble() >= rounds.get("ringLatency").asDouble(),
        "the state's all-reduce was timed, and takes no less than a few numbers'");
    assertTrue(
        rounds.get("fit").asDouble() + rounds.get("gather").asDouble()
            <= rounds.get("wall").asDouble() + 0.05,
        "fits and exchanges are within the epoch's wall time");
    assertEquals(
        0,
        two.get("sparkTotals").get("shuffleWritten").asLong(),
        "no layout shuffle: each worker streams its own partition");
    JsonNode model = report.get("cost_model").get("torch-allreduce");
    assertTrue(model.get("measured_ring_latency_seconds").asDouble() > 0);
    assertTrue(model.get("measured_copy_seconds_per_state_mb").asDouble() > 0);
    JsonNode eight = model.get("projections").get(0);
    assertEquals(8, eight.get("workers").asInt());
    assertTrue(eight.get("latencySeconds").asDouble() > 0);
    assertTrue(eight.get("wireSeconds").asDouble() > 0);
    assertTrue(eight.get("copySeconds").asDouble() > 0);
  }

  /** The bench on 16 generated patients (24 images), W = 1 and 2, one epoch at 64 px. */
  private JsonNode scale(String variant, String projectWorkers) throws Exception {
    Drgrade.synth(tmp.resolve("synth"), 16);
    String printed =
        Drgrade.run(
            List.of(
                "bench",
                "scale",
                "--data",
                tmp.resolve("synth/images") + ":" + tmp.resolve("synth/trainLabels.csv"),
                "--images",
                "24",
                "--variants",
                variant,
                "--crops",
                "64",
                "--epochs",
                "1",
                "--averaging-frequency",
                "1",
                "--work",
                tmp.resolve("work").toString(),
                "--project-workers",
                projectWorkers));
    return Json.mapper().readTree(printed);
  }
}
