package org.drgrade.train;

import java.util.Iterator;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.grading.EvaluationState;

/** Trains one network, of either engine, in this JVM, one minibatch after the other. */
public final class LocalTrainingBackend implements TrainingBackend {
  private final GradingNetwork net;

  public LocalTrainingBackend(GradingNetwork net) {
    this.net = net;
  }

  @Override
  public EpochResult fitEpoch(Iterator<Minibatch> batches) {
    long start = System.nanoTime();
    int epoch = net.epoch();
    int batchCount = 0;
    long images = 0;
    double weightedLoss = 0;
    while (batches.hasNext()) {
      Minibatch batch = batches.next();
      double loss = net.fit(batch);
      weightedLoss += loss * batch.count();
      images += batch.count();
      batchCount++;
    }
    net.setEpoch(epoch + 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochResult(
        epoch, batchCount, images, images == 0 ? Double.NaN : weightedLoss / images, seconds);
  }

  @Override
  public EvaluationState evaluate(Iterator<Minibatch> batches) {
    EvaluationState state = new EvaluationState();
    while (batches.hasNext()) {
      Minibatch batch = batches.next();
      float[][] p = net.predict(batch);
      for (int n = 0; n < p.length; n++) {
        state.add(p[n], batch.grades()[n]);
      }
    }
    return state;
  }

  @Override
  public GradingNetwork network() {
    return net;
  }
}
