package org.drgrade.engine;

import org.apache.spark.api.java.JavaRDD;

/**
 * Synchronous parameter averaging over Spark, whichever engine runs the maths: DL4J's own master
 * for the DL4J engine ({@link ParameterAveragingTrainer}), drgrade's for libtorch ({@link
 * AveragingTrainer}). The stage only talks to this.
 */
public interface DistributedTrainer {
  /** Fits one epoch of minibatches; returns the mean training loss over all minibatches. */
  double fitEpoch(JavaRDD<Minibatch> batches, int epoch);

  /** The current (averaged) network, on the driver. */
  GradingNetwork network();
}
