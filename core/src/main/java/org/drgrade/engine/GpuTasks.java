package org.drgrade.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.drgrade.config.DeviceRefused;

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
  public static List<String> given() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }

  /** Whether training tasks are given GPUs: a task profile, or a default per-task GPU amount. */
  public static boolean gpusGiven(JavaSparkContext sc, ResourceProfile profile) {
    return profile != null || sc.getConf().getDouble("spark.task.resource.gpu.amount", 0) > 0;
  }

  /**
   * Places this task's networks on its GPU (executor side, before its first minibatch) and stops
   * the task when it would train elsewhere.
   */
  public static Placement place(Engine engine, boolean required) {
    Placement placed = placed(engine);
    refuse(placed.refusal(), required, "");
    return placed;
  }

  /** The engine on this task's GPU, its kernels checked: what every task given a GPU does first. */
  public static Placement placed(Engine engine) {
    return engine.place(given());
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
    public String text() {
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
  public static List<TaskPlacement> preflight(
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
  public static final int ENCODED = 8;

  public static String[] encode(Placement p) {
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

  public static TaskPlacement decode(String[] r) {
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

  /**
   * A task-only profile (as spark-rapids-ml and XGBoost use): training tasks need a GPU from the
   * executors that already exist and already hold the cached training data. A profile that asks for
   * executors of its own never matches the default ones, and on a cluster whose GPUs the default
   * executors already hold it would wait forever for executors that cannot be placed. Null for 0.
   */
  public static ResourceProfile profile(SparkConf conf, int taskGpus) {
    if (taskGpus <= 0) {
      return null;
    }
    checkGpuExecutors(conf, taskGpus);
    // One profile per application and GPU count: train's preflight, every epoch's stages and every
    // fold then share it (a profile built anew is a new profile to Spark, with an id of its own).
    return PROFILES.computeIfAbsent(
        conf.get("spark.app.id", "") + "/" + taskGpus,
        k ->
            new ResourceProfileBuilder()
                .require(new TaskResourceRequests().resource("gpu", taskGpus))
                .build());
  }

  private static final java.util.Map<String, ResourceProfile> PROFILES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The two settings without which a task-only GPU profile never schedules: executors that have
   * GPUs (else no executor can ever run a training task) and no dynamic allocation (Spark 3.5 runs
   * task-only profiles only on a fixed set of executors; it would refuse later, mid-stage).
   */
  static void checkGpuExecutors(SparkConf conf, int taskGpus) {
    long executorGpus = conf.getLong("spark.executor.resource.gpu.amount", 0);
    if (executorGpus < taskGpus) {
      throw new IllegalStateException(
          "drgrade.train.task-gpus = "
              + taskGpus
              + " but spark.executor.resource.gpu.amount = "
              + executorGpus
              + ": training tasks would wait forever for a GPU; give the executors GPUs or set drgrade.train.task-gpus = 0");
    }
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new IllegalStateException(
          "drgrade.train.task-gpus > 0 needs spark.dynamicAllocation.enabled = false "
              + "(Spark 3.5 runs task-only resource profiles on a fixed set of executors); set spark.executor.instances instead");
    }
  }
}
