package org.drgrade.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;

/**
 * Spark task metrics summed per job group (train's epochs are one group each), and the most bytes
 * each cached RDD held: registered by {@code bench scale} as spark.extraListeners in its own JVM,
 * the driver's, and read there after each run.
 */
public final class ScaleMetrics extends SparkListener {
  /** One job group's sums over its tasks. */
  public record Totals(
      long tasks,
      long cacheBytesRead,
      long memorySpilled,
      long diskSpilled,
      long shuffleRead,
      long shuffleWritten,
      long resultBytes,
      double executorRunSeconds) {
    static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

    static Totals of(TaskMetrics m) {
      return new Totals(
          1,
          m.inputMetrics().bytesRead(),
          m.memoryBytesSpilled(),
          m.diskBytesSpilled(),
          m.shuffleReadMetrics().remoteBytesRead() + m.shuffleReadMetrics().localBytesRead(),
          m.shuffleWriteMetrics().bytesWritten(),
          m.resultSize(),
          m.executorRunTime() / 1e3);
    }

    Totals plus(Totals o) {
      return new Totals(
          tasks + o.tasks,
          cacheBytesRead + o.cacheBytesRead,
          memorySpilled + o.memorySpilled,
          diskSpilled + o.diskSpilled,
          shuffleRead + o.shuffleRead,
          shuffleWritten + o.shuffleWritten,
          resultBytes + o.resultBytes,
          executorRunSeconds + o.executorRunSeconds);
    }
  }

  private static final Map<Integer, String> STAGE_GROUP = new ConcurrentHashMap<>();
  private static final Map<String, Totals> BY_GROUP = new ConcurrentHashMap<>();
  private static final Map<String, Long> BLOCK_BYTES = new ConcurrentHashMap<>();
  private static final Map<Integer, Long> PEAK_RDD_BYTES = new ConcurrentHashMap<>();

  /** Forgets everything seen (before each run). */
  public static void reset() {
    STAGE_GROUP.clear();
    BY_GROUP.clear();
    BLOCK_BYTES.clear();
    PEAK_RDD_BYTES.clear();
  }

  public static Totals group(String group) {
    return BY_GROUP.getOrDefault(group, Totals.NONE);
  }

  /** The most bytes (memory + disk) any one cached RDD held at once. */
  public static long peakCachedRddBytes() {
    return PEAK_RDD_BYTES.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String group =
        job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
    if (group != null) {
      scala.collection.Iterator<Object> ids = job.stageIds().iterator();
      while (ids.hasNext()) {
        STAGE_GROUP.put((Integer) ids.next(), group);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    String group = STAGE_GROUP.get(task.stageId());
    if (group != null && task.taskMetrics() != null) {
      BY_GROUP.merge(group, Totals.of(task.taskMetrics()), Totals::plus);
    }
  }

  @Override
  public void onBlockUpdated(SparkListenerBlockUpdated update) {
    BlockUpdatedInfo info = update.blockUpdatedInfo();
    if (!info.blockId().isRDD()) {
      return;
    }
    String key = info.blockManagerId().executorId() + "/" + info.blockId().name();
    BLOCK_BYTES.put(key, info.memSize() + info.diskSize());
    int rdd = ((org.apache.spark.storage.RDDBlockId) info.blockId()).rddId();
    String prefix = "rdd_" + rdd + "_";
    long total =
        BLOCK_BYTES.entrySet().stream()
            .filter(e -> e.getKey().substring(e.getKey().indexOf('/') + 1).startsWith(prefix))
            .mapToLong(Map.Entry::getValue)
            .sum();
    PEAK_RDD_BYTES.merge(rdd, total, Math::max);
  }
}
