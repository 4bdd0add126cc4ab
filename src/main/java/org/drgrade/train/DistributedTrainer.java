package org.drgrade.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Our seam around distributed training: DL4J's Spark module is frozen upstream, so the stage talks
 * to this and only {@link ParameterAveragingTrainer} knows DL4J's Spark API.
 */
public interface DistributedTrainer {
  /** Fits one epoch of minibatches; returns the mean training loss over all minibatches. */
  double fitEpoch(JavaRDD<DataSet> batches, int epoch);

  /** The current (averaged) network, on the driver. */
  MultiLayerNetwork network();
}
