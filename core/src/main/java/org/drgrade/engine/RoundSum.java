package org.drgrade.engine;

import java.io.Serializable;

/**
 * The running sum of one averaging round's worker results, as Spark's tree aggregation combines
 * them: parameters and optimiser state summed value by value (each partial sum is one vector, so
 * what reaches the driver does not grow with the workers), losses and minibatches counted, and the
 * workers' clocks kept for {@link RoundTimes}. A class, not a record: it is mutated in place by the
 * aggregation, and Spark's Kryo cannot build records.
 */
final class RoundSum implements Serializable {
  private static final long serialVersionUID = 1L;

  float[] parameters;
  float[] updater;
  int workers;
  int mostBatches;
  long batches;
  double lossSum;
  long firstStartMs = Long.MAX_VALUE;
  long lastEndMs = Long.MIN_VALUE;
  long slowestStateMs;
  long slowestFitMs;
  long slowestDecodeWaitMs;

  /** One worker's result. */
  static RoundSum of(
      float[] parameters,
      float[] updater,
      int batches,
      double lossSum,
      long startMs,
      long endMs,
      long stateMs,
      long fitMs,
      long decodeWaitMs) {
    RoundSum s = new RoundSum();
    s.parameters = parameters;
    s.updater = updater;
    s.workers = 1;
    s.mostBatches = batches;
    s.batches = batches;
    s.lossSum = lossSum;
    s.firstStartMs = startMs;
    s.lastEndMs = endMs;
    s.slowestStateMs = stateMs;
    s.slowestFitMs = fitMs;
    s.slowestDecodeWaitMs = decodeWaitMs;
    return s;
  }

  /**
   * Adds {@code o} into this one and returns this (Spark's aggregate may reuse its first value).
   */
  RoundSum merge(RoundSum o) {
    if (o.workers == 0) {
      return this;
    }
    if (workers == 0) {
      parameters = o.parameters.clone();
      updater = o.updater.clone();
    } else {
      add(parameters, o.parameters);
      add(updater, o.updater);
    }
    workers += o.workers;
    mostBatches = Math.max(mostBatches, o.mostBatches);
    batches += o.batches;
    lossSum += o.lossSum;
    firstStartMs = Math.min(firstStartMs, o.firstStartMs);
    lastEndMs = Math.max(lastEndMs, o.lastEndMs);
    slowestStateMs = Math.max(slowestStateMs, o.slowestStateMs);
    if (o.slowestFitMs > slowestFitMs) {
      slowestFitMs = o.slowestFitMs;
      slowestDecodeWaitMs = o.slowestDecodeWaitMs;
    }
    return this;
  }

  private static void add(float[] into, float[] values) {
    if (into.length != values.length) {
      throw new IllegalStateException("workers returned " + values.length + " and " + into.length);
    }
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
    }
  }

  /** The mean of the summed vectors. */
  static float[] mean(float[] sum, int count) {
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = sum[i] / count;
    }
    return out;
  }
}
