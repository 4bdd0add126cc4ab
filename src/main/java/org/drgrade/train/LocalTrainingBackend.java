package org.drgrade.train;

import java.util.Iterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Trains one {@link MultiLayerNetwork} in this JVM, one minibatch after the other. */
public final class LocalTrainingBackend implements TrainingBackend {
  private final MultiLayerNetwork net;

  public LocalTrainingBackend(MultiLayerNetwork net) {
    this.net = net;
  }

  @Override
  public EpochResult fitEpoch(Iterator<DataSet> batches) {
    long start = System.nanoTime();
    int epoch = net.getEpochCount();
    int batchCount = 0;
    long images = 0;
    double weightedLoss = 0;
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      net.fit(batch);
      long n = batch.getFeatures().size(0);
      weightedLoss += net.score() * n;
      images += n;
      batchCount++;
    }
    net.incrementEpochCount();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochResult(
        epoch, batchCount, images, images == 0 ? Double.NaN : weightedLoss / images, seconds);
  }

  @Override
  public EvaluationState evaluate(Iterator<DataSet> batches) {
    EvaluationState state = new EvaluationState();
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      INDArray probabilities = net.output(batch.getFeatures(), false);
      state.add(probabilities, batch.getLabels());
    }
    return state;
  }

  @Override
  public MultiLayerNetwork network() {
    return net;
  }
}
