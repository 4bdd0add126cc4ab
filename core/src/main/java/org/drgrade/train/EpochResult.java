package org.drgrade.train;

import java.io.Serializable;

/**
 * What one {@link TrainingBackend#fitEpoch} did.
 *
 * @param epoch the epoch just fitted (0-based; the learning-rate plan's key)
 * @param batches minibatches fitted
 * @param images images seen
 * @param meanLoss image-weighted mean of the minibatch objective DL4J optimised: multiclass
 *     log-loss in training mode (dropout on, batch statistics) plus the L2 term
 * @param seconds wall time of the epoch
 */
public record EpochResult(int epoch, int batches, long images, double meanLoss, double seconds)
    implements Serializable {

  public double imagesPerSecond() {
    return seconds > 0 ? images / seconds : Double.NaN;
  }
}
