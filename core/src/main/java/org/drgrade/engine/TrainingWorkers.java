package org.drgrade.engine;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How many workers train when drgrade.train.workers = 0. In local mode one: a network's maths uses
 * all the cores, and a second network in the same JVM only takes turns with it (the README's
 * figures). On a cluster, one per GPU task the executors can hold at once (executors times their
 * GPUs over the task's), or one per executor where training tasks take no GPU (each network then
 * uses its executor's cores, as in local mode).
 */
public final class TrainingWorkers {
  private static final Logger LOG = LogManager.getLogger(TrainingWorkers.class);
  private static final long WAIT_MS = 120_000;

  private TrainingWorkers() {}

  /** The default for {@code executors} registered executors. */
  public static int byDefault(SparkConf conf, int taskGpus, int executors) {
    if (conf.get("spark.master", "local[*]").startsWith("local")) {
      return 1;
    }
    long executorGpus = conf.getLong("spark.executor.resource.gpu.amount", 0);
    int perExecutor = taskGpus > 0 ? (int) Math.max(1, executorGpus / taskGpus) : 1;
    return Math.max(1, executors) * perExecutor;
  }

  /**
   * {@code configured} if positive, else the default over the executors registered now; on a
   * cluster it first waits (up to two minutes) for spark.executor.instances of them, or for one.
   */
  public static int resolve(JavaSparkContext sc, int configured, int taskGpus) {
    if (configured > 0) {
      return configured;
    }
    SparkConf conf = sc.getConf();
    if (conf.get("spark.master", "local[*]").startsWith("local")) {
      return 1;
    }
    int wanted = Math.max(1, conf.getInt("spark.executor.instances", 1));
    long deadline = System.currentTimeMillis() + WAIT_MS;
    int executors = executors(sc);
    while (executors < wanted && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      executors = executors(sc);
    }
    int workers = byDefault(conf, taskGpus, executors);
    LOG.info(
        "train: {} workers ({} executors registered{}); set drgrade.train.workers to choose",
        workers,
        executors,
        taskGpus > 0 ? ", " + taskGpus + " GPU(s) per task" : "");
    return workers;
  }

  /** Executors registered with the driver (its status tracker lists the driver too). */
  private static int executors(JavaSparkContext sc) {
    return Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1);
  }
}
