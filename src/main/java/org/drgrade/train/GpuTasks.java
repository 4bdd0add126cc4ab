package org.drgrade.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.resource.ResourceProfile;
import org.drgrade.config.DeviceRefused;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Placement;
import org.drgrade.gpu.EngineKernels;

/**
 * Which device each training task trains on. Spark hands a task its GPUs ({@code
 * TaskContext.resources()}); the engine puts the task's networks on the first and checks its own
 * kernels against it. A task given a GPU its engine would not use stops training with one line
 * ({@link DeviceRefused}, exit 1), unless drgrade.train.gpu-required is false (fake GPUs in tests).
 */
public final class GpuTasks {
  private static final Logger LOG = LogManager.getLogger(GpuTasks.class);

  private GpuTasks() {}

  /** The GPU addresses Spark gave the running task; empty outside a task, or when none. */
  static List<String> given() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }

  /** Whether training tasks are given GPUs: a task profile, or a default per-task GPU amount. */
  static boolean gpusGiven(JavaSparkContext sc, ResourceProfile profile) {
    return profile != null || sc.getConf().getDouble("spark.task.resource.gpu.amount", 0) > 0;
  }

  /**
   * Places this task's networks on its GPU (executor side, before its first minibatch) and stops
   * the task when it would train elsewhere.
   */
  static Placement place(Engine engine, boolean required) {
    Placement placed = placed(engine);
    refuse(placed.refusal(), required, "");
    return placed;
  }

  /** The engine on this task's GPU, its kernels checked: what every task given a GPU does first. */
  static Placement placed(Engine engine) {
    return EngineKernels.check(engine.place(given()));
  }

  /** Stops with {@code refusal} (prefixed) when required, else warns; nothing when it is null. */
  private static void refuse(String refusal, boolean required, String prefix) {
    if (refusal == null) {
      return;
    }
    if (required) {
      throw new DeviceRefused(prefix + refusal);
    }
    LOG.warn("{}{} (drgrade.train.gpu-required = false: training there anyway)", prefix, refusal);
  }

  /** One task's placement and the executor it ran on. */
  public record TaskPlacement(String executor, String host, Placement placement) {
    String text() {
      return "executor "
          + executor
          + " ("
          + host
          + "): "
          + placement.engine()
          + " on "
          + placement.device()
          + (placement.gpuGiven() ? " (given GPU " + String.join(",", placement.gpus()) + ")" : "")
          + ", "
          + placement.build();
    }
  }

  /**
   * Before the first minibatch, on the driver: {@code tasks} tasks under the training profile each
   * place the engine as a training task would and report back; the first refusal stops the run here
   * with one line, instead of as a failed Spark task.
   */
  static List<TaskPlacement> preflight(
      JavaSparkContext sc, Engine engine, int tasks, ResourceProfile profile, boolean required) {
    JavaRDD<Integer> slots = sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks);
    JavaRDD<Integer> placedSlots = profile == null ? slots : slots.withResources(profile);
    List<TaskPlacement> out = new ArrayList<>();
    // Strings cross back to the driver: Spark's Kryo (the cluster serializer) cannot build records.
    for (String[] r :
        placedSlots
            .mapPartitions(it -> List.<String[]>of(encode(placed(engine))).iterator())
            .collect()) {
      out.add(decode(r));
    }
    for (TaskPlacement t : out) {
      LOG.info("train: {}", t.text());
      refuse(t.placement().refusal(), required, "train: executor " + t.executor() + ": ");
    }
    return out;
  }

  /** How many strings {@link #encode} gives. */
  static final int ENCODED = 8;

  static String[] encode(Placement p) {
    SparkEnv env = SparkEnv.get();
    return new String[] {
      env == null ? "driver" : env.executorId(),
      host(),
      p.engine(),
      String.join(",", p.gpus()),
      p.device(),
      String.valueOf(p.cuda()),
      p.build(),
      p.problem()
    };
  }

  static TaskPlacement decode(String[] r) {
    return new TaskPlacement(
        r[0],
        r[1],
        new Placement(
            r[2],
            r[3].isEmpty() ? List.of() : List.of(r[3].split(",")),
            r[4],
            Boolean.parseBoolean(r[5]),
            r[6],
            r[7]));
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown host";
    }
  }
}
