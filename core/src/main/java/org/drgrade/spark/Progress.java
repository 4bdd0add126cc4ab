package org.drgrade.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress lines for a long stage: executors add to a Spark accumulator as they finish items, a
 * driver thread logs done/total, rate and ETA at a fixed interval. Accumulator updates reach the
 * driver when tasks end, so more partitions give finer progress.
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Progress.class);

  private final String what;
  private final long total;
  private final LongAccumulator done;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  public Progress(SparkSession spark, String what, long total, long intervalSeconds) {
    this.what = what;
    this.total = total;
    this.done = spark.sparkContext().longAccumulator(what + " done");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drgrade-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::log, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** The accumulator executors add finished items to (capture it in the task closure). */
  public LongAccumulator counter() {
    return done;
  }

  public void log() {
    LOG.info(line(done.value(), total, (System.nanoTime() - startNanos) / 1e9));
  }

  /** One progress line: "preprocess: 120/400 images (30.0%), 12.3/s, ETA 23s". */
  public String line(long doneCount, long totalCount, double elapsedSeconds) {
    double rate = elapsedSeconds > 0 ? doneCount / elapsedSeconds : 0;
    String eta = rate > 0 ? formatSeconds((totalCount - doneCount) / rate) : "unknown";
    double pct = totalCount > 0 ? 100.0 * doneCount / totalCount : 100.0;
    return String.format(
        "%s: %d/%d (%.1f%%), %.1f/s, ETA %s", what, doneCount, totalCount, pct, rate, eta);
  }

  public static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  @Override
  public void close() {
    timer.shutdownNow();
    log();
  }
}
