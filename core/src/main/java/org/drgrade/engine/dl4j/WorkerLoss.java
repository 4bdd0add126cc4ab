package org.drgrade.engine.dl4j;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The epoch's mean training loss over every minibatch every worker fitted, and the images they
 * fitted (DL4J's workers log a failed fit and go on, so the driver checks this count against the
 * epoch's images: {@link Dl4jMasterTrainer}). DL4J's own {@code getScore()} after a Spark fit is
 * only the average of each worker's last minibatch, too noisy to follow; this listener travels to
 * the workers and tallies each minibatch's loss in the executor JVM, and each fitting task hands
 * the tally to Spark accumulators as it ends, which the driver reads after the epoch. Not the
 * accumulators straight from the listener: DL4J's gradient-sharing worker keeps the listener of its
 * first task for the executor's life, and fits on threads of its own, so its copy's accumulators
 * would report only in the first epoch.
 */
final class WorkerLoss extends BaseTrainingListener implements Serializable {
  private static final long serialVersionUID = 1L;

  /** This JVM's tally since a task last handed it on. */
  private static double jvmSum;

  private static long jvmCount;
  private static long jvmImages;

  private final DoubleAccumulator sum;
  private final LongAccumulator count;
  private final LongAccumulator images;

  /** The epoch's tally: mean loss (NaN if no minibatch reported one) and images fitted. */
  record Tally(double meanLoss, long images) {}

  WorkerLoss(JavaSparkContext sc) {
    this.sum = sc.sc().doubleAccumulator("train loss sum");
    this.count = sc.sc().longAccumulator("train minibatches");
    this.images = sc.sc().longAccumulator("train images fitted");
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    double score = model.score();
    int fitted = ((MultiLayerNetwork) model).getInputMiniBatchSize();
    synchronized (WorkerLoss.class) {
      jvmImages += fitted;
      if (Double.isFinite(score)) {
        jvmSum += score;
        jvmCount++;
      }
    }
  }

  /**
   * In a fitting task: when it ends, this JVM's tally goes to the task's accumulators (Spark sends
   * them with the task's result). Tasks sharing a JVM (local mode) may hand on each other's
   * minibatches; every one is handed on once, by the last task to end at the latest.
   */
  void handOnAtTaskEnd() {
    TaskContext.get()
        .addTaskCompletionListener(
            (TaskContext ignored) -> {
              synchronized (WorkerLoss.class) {
                sum.add(jvmSum);
                count.add(jvmCount);
                images.add(jvmImages);
                jvmSum = 0;
                jvmCount = 0;
                jvmImages = 0;
              }
            });
  }

  /** The tally since the last call, then starts over. */
  Tally take() {
    Tally tally =
        new Tally(count.value() > 0 ? sum.value() / count.value() : Double.NaN, images.value());
    sum.reset();
    count.reset();
    images.reset();
    return tally;
  }
}
