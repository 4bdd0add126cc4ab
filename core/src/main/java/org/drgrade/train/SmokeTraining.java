package org.drgrade.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.drgrade.config.DeviceRefused;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GpuTasks;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.Placement;

/**
 * drgrade smoke: on each executor, under the training stages' GPU profile, place the chosen engine
 * as a training task does and fit a few minibatches of random images there. The first step of a GPU
 * run (the EMR steps and the Airflow DAG): a cluster whose engine would not train on its GPUs fails
 * in minutes, before preprocessing, with the same one line train would give.
 */
public final class SmokeTraining {
  private static final Logger LOG = LogManager.getLogger(SmokeTraining.class);

  private SmokeTraining() {}

  /** One task: where it ran and how fast it fitted. */
  public record Task(GpuTasks.TaskPlacement where, int minibatches, double imagesPerSecond) {}

  /** What smoke found: every task, and whether all trained where they were meant to. */
  public record Summary(String engine, int crop, int batch, List<Task> tasks) {
    public boolean ok(boolean required) {
      return !required || tasks.stream().allMatch(t -> t.where().placement().refusal() == null);
    }

    public String text() {
      StringBuilder sb =
          new StringBuilder("smoke: " + engine + ", " + crop + " px, batch " + batch);
      for (Task t : tasks) {
        sb.append(
            String.format(
                "%n  %s: %d minibatches, %.1f images/s",
                t.where().text(), t.minibatches(), t.imagesPerSecond()));
        String refusal = t.where().placement().refusal();
        if (refusal != null) {
          sb.append(String.format("%n    REFUSED: %s", refusal));
        }
      }
      return sb.toString();
    }
  }

  /**
   * @param tasks how many tasks (one per executor on a cluster)
   */
  public static Summary run(JavaSparkContext sc, TrainConfig cfg, int tasks, int minibatches) {
    ResourceProfile profile = GpuTasks.profile(sc.getConf(), cfg.taskGpus());
    JavaRDD<Integer> slots = sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks);
    JavaRDD<Integer> placed = profile == null ? slots : slots.withResources(profile);
    Engine engine = cfg.engine();
    NetworkSpec spec = cfg.network();
    int batch = cfg.batchSize();
    int threads = cfg.threads();
    List<Task> out = new ArrayList<>();
    for (String[] r :
        placed
            .mapPartitions(
                it -> List.<String[]>of(fit(engine, spec, batch, minibatches, threads)).iterator())
            .collect()) {
      out.add(
          new Task(
              GpuTasks.decode(r),
              Integer.parseInt(r[GpuTasks.ENCODED]),
              Double.parseDouble(r[GpuTasks.ENCODED + 1])));
    }
    Summary summary = new Summary(engine.id(), spec.inputSize(), batch, out);
    LOG.info(summary.text());
    if (!summary.ok(cfg.gpuRequired())) {
      String refusal =
          out.stream()
              .map(t -> t.where().placement().refusal())
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElseThrow();
      throw new DeviceRefused("smoke: " + refusal);
    }
    return summary;
  }

  /** The executor side: place, then fit random minibatches unless the placement is refused. */
  private static String[] fit(
      Engine engine, NetworkSpec spec, int batch, int minibatches, int threads) {
    engine.useThreads(threads);
    Placement placement = GpuTasks.placed(engine);
    String[] where = GpuTasks.encode(placement);
    int fitted = 0;
    double seconds = 0;
    if (placement.refusal() == null) {
      SplittableRandom random = new SplittableRandom(spec.seed());
      try (GradingNetwork net = engine.create(spec)) {
        int size = spec.inputSize();
        for (int m = 0; m <= minibatches; m++) {
          List<float[]> images = new ArrayList<>(batch);
          int[] grades = new int[batch];
          for (int i = 0; i < batch; i++) {
            float[] image = new float[3 * size * size];
            for (int k = 0; k < image.length; k++) {
              image[k] = (float) random.nextGaussian();
            }
            images.add(image);
            grades[i] = i % 5;
          }
          long t0 = System.nanoTime();
          net.fit(Minibatch.of(images, grades, 3, size));
          if (m > 0) { // the first is a warm-up: workspaces, kernel and algorithm choice
            seconds += (System.nanoTime() - t0) / 1e9;
            fitted++;
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("smoke: " + engine.id() + " on " + placement.device(), e);
      }
    }
    String[] out = java.util.Arrays.copyOf(where, GpuTasks.ENCODED + 2);
    out[GpuTasks.ENCODED] = String.valueOf(fitted);
    out[GpuTasks.ENCODED + 1] = String.valueOf(seconds > 0 ? fitted * batch / seconds : 0);
    return out;
  }
}
