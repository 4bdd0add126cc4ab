package org.drgrade.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import org.bytedeco.opencv.global.opencv_core;

/** Runs one task per item on a fixed pool of N threads and times the whole pass. */
final class WorkerPool {

  /** One unit of work; false when the item failed (counted, not fatal). */
  @FunctionalInterface
  interface Task<T> {
    boolean run(T item) throws Exception;
  }

  /** Wall time of one pass over all items, and how many failed. */
  record Pass(double wallMs, int failures) {}

  private WorkerPool() {}

  static <T> Pass pass(List<T> items, int threads, Task<T> task) throws InterruptedException {
    ThreadPoolExecutor pool =
        (ThreadPoolExecutor)
            Executors.newFixedThreadPool(
                threads,
                runnable -> {
                  // OpenCV would otherwise spread resize and colour loops over every core, so N
                  // workers
                  // would use more than N; with this each worker is one core's worth of work.
                  Thread worker =
                      new Thread(
                          () -> {
                            opencv_core.setNumThreads(1);
                            runnable.run();
                          },
                          "bench-worker");
                  worker.setDaemon(true);
                  return worker;
                });
    try {
      pool.prestartAllCoreThreads(); // thread start-up is not part of the work measured
      long start = System.nanoTime();
      List<Future<Boolean>> results = new ArrayList<>();
      for (T item : items) results.add(pool.submit(() -> task.run(item)));
      int failures = 0;
      for (Future<Boolean> r : results) {
        if (!r.get()) failures++;
      }
      return new Pass((System.nanoTime() - start) / 1e6, failures);
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark task failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
