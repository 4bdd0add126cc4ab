package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class WorkerRatesTest {
  private static final Map<Integer, Double> PLAN = new TreeMap<>(Map.of(0, 0.01, 30, 0.003));

  @Test
  void oneWorkerOrNoScalingKeepsThePlan() {
    assertEquals(PLAN, WorkerRates.scaled(PLAN, 1, WorkerRates.LINEAR, 2));
    assertEquals(PLAN, WorkerRates.scaled(PLAN, 4, WorkerRates.NONE, 2));
  }

  @Test
  void linearScalingClimbsOverTheWarmUpToWTimesEveryRate() {
    Map<Integer, Double> scaled = WorkerRates.scaled(PLAN, 4, WorkerRates.LINEAR, 2);
    assertEquals(4, scaled.size());
    assertEquals(0.01, scaled.get(0), 1e-12, "epoch 0 at the one-worker rate");
    assertEquals(0.025, scaled.get(1), 1e-12, "half way to 4 x");
    assertEquals(0.04, scaled.get(2), 1e-12);
    assertEquals(0.012, scaled.get(30), 1e-12);
    assertEquals(Map.of(0, 0.02, 30, 0.006), WorkerRates.scaled(PLAN, 2, WorkerRates.LINEAR, 0));
    assertThrows(IllegalArgumentException.class, () -> WorkerRates.scaled(PLAN, 2, "sqrt", 0));
  }

  @Test
  void defaultWorkersAreOneLocallyAndTheGpuTasksOnACluster() {
    assertEquals(
        1, TrainingWorkers.byDefault(new SparkConf().set("spark.master", "local[8]"), 0, 1));
    SparkConf cluster = new SparkConf().set("spark.master", "spark://h:7077");
    assertEquals(3, TrainingWorkers.byDefault(cluster, 0, 3), "one per executor without GPUs");
    cluster.set("spark.executor.resource.gpu.amount", "2");
    assertEquals(6, TrainingWorkers.byDefault(cluster, 1, 3), "3 executors x 2 GPUs");
    assertEquals(3, TrainingWorkers.byDefault(cluster, 2, 3), "a task takes both GPUs");
  }
}
