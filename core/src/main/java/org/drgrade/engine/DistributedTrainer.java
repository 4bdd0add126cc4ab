package org.drgrade.engine;

import org.apache.spark.api.java.JavaRDD;

/**
 * Synchronous parameter averaging over Spark, whichever engine runs the maths: drgrade's own
 * ({@link AveragingTrainer}, every engine) or DL4J's master for the DL4J engine. The stage only
 * talks to this.
 */
public interface DistributedTrainer {
  /**
   * Fits one epoch: one partition of {@code batches} per worker, in the order that worker fits
   * them, each turned into tensors by {@code decoder} on the executor just before its fit.
   */
  <B> EpochFit fitEpoch(JavaRDD<B> batches, BatchDecoder<B> decoder, int epoch);

  /** The current (averaged) network, on the driver. */
  GradingNetwork network();
}
