package org.drgrade.train;

import java.util.Iterator;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.grading.EvaluationState;

/**
 * Where one epoch of training runs in this JVM, without Spark ({@link LocalTrainingBackend}); the
 * Spark path is {@link DistributedTrainer}. Minibatches are already augmented and standardised (see
 * {@link Augmenter}).
 */
public interface TrainingBackend {

  /**
   * Fits the network on every batch once, then advances the network's epoch counter, which drives
   * the learning-rate plan of {@link org.drgrade.engine.NetworkSpec#learningRates()}.
   */
  EpochResult fitEpoch(Iterator<Minibatch> batches);

  /** Log-loss and grade agreement (argmax grade) of the network in inference mode. */
  EvaluationState evaluate(Iterator<Minibatch> batches);

  /** The network being trained (after {@link #fitEpoch}, holding the new parameters). */
  GradingNetwork network();
}
