package org.drgrade.train;

import java.util.Iterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where one epoch of training runs: in this JVM ({@link LocalTrainingBackend}) or, wrapped by a
 * Spark parameter-averaging adapter, across executors. Batches are DataSets with features [N,
 * channels, size, size] (already augmented and standardised, see {@link Augmenter} and {@link
 * Batches}) and one-hot labels [N, 5].
 */
public interface TrainingBackend {

  /**
   * Fits the network on every batch once, then advances the network's epoch counter, which drives
   * the learning-rate plan of {@link NetworkSpec#learningRates()}.
   */
  EpochResult fitEpoch(Iterator<DataSet> batches);

  /** Log-loss and grade agreement (argmax grade) of the network in inference mode. */
  EvaluationState evaluate(Iterator<DataSet> batches);

  /** The network being trained (after {@link #fitEpoch}, holding the new parameters). */
  MultiLayerNetwork network();
}
