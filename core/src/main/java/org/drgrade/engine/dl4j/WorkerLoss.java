package org.drgrade.engine.dl4j;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The epoch's mean training loss over every minibatch every worker fitted. DL4J's own {@code
 * getScore()} after a Spark fit is only the average of each worker's last minibatch, too noisy to
 * follow; this listener travels to the workers and adds each minibatch's loss to Spark
 * accumulators, which the driver reads after the epoch.
 */
final class WorkerLoss extends BaseTrainingListener implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DoubleAccumulator sum;
  private final LongAccumulator count;

  WorkerLoss(JavaSparkContext sc) {
    this.sum = sc.sc().doubleAccumulator("train loss sum");
    this.count = sc.sc().longAccumulator("train minibatches");
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    double score = model.score();
    if (Double.isFinite(score)) {
      sum.add(score);
      count.add(1);
    }
  }

  /** Mean loss since the last call, then starts over (NaN if no minibatch reported). */
  double takeMean() {
    double mean = count.value() > 0 ? sum.value() / count.value() : Double.NaN;
    sum.reset();
    count.reset();
    return mean;
  }
}
