package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings without which a task-only GPU profile would wait forever are refused up front. */
class GpuProfileCheckTest {
  @Test
  void executorsWithoutGpusAreRefused() {
    var e =
        assertThrows(
            IllegalStateException.class, () -> GpuTasks.checkGpuExecutors(new SparkConf(false), 1));
    assertTrue(e.getMessage().contains("spark.executor.resource.gpu.amount = 0"), e.getMessage());
  }

  @Test
  void dynamicAllocationIsRefused() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.executor.resource.gpu.amount", "1")
            .set("spark.dynamicAllocation.enabled", "true");
    var e = assertThrows(IllegalStateException.class, () -> GpuTasks.checkGpuExecutors(conf, 1));
    assertTrue(e.getMessage().contains("spark.dynamicAllocation.enabled = false"), e.getMessage());
  }

  @Test
  void gpuExecutorsWithoutDynamicAllocationPass() {
    SparkConf conf = new SparkConf(false).set("spark.executor.resource.gpu.amount", "1");
    assertDoesNotThrow(() -> GpuTasks.checkGpuExecutors(conf, 1));
    assertThrows(
        IllegalStateException.class,
        () -> GpuTasks.checkGpuExecutors(conf, 2),
        "2 GPUs per task, 1 per executor");
  }
}
