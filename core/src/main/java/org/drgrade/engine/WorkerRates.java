package org.drgrade.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * Learning rates for W averaging workers (Goyal et al. 2017, "Accurate, large minibatch SGD":
 * linear scaling with gradual warm-up). Averaging W workers' f steps moves the network about as far
 * as one worker's f steps, though it has seen W times the minibatches; with every rate times W the
 * average moves about as far as W f sequential steps would, so an epoch of W workers learns about
 * as much as an epoch of one. The first {@code warmupEpochs} epochs climb linearly from the
 * one-worker rate to the scaled one, since the scaled rate is too large for a fresh network.
 */
public final class WorkerRates {
  public static final String NONE = "none";
  public static final String LINEAR = "linear";

  private WorkerRates() {}

  /**
   * The plan for {@code workers} workers: unchanged for one worker or {@code scaling} "none"; under
   * "linear" every rate times the workers, the epochs before {@code warmupEpochs} ramping up to it.
   */
  public static Map<Integer, Double> scaled(
      Map<Integer, Double> rates, int workers, String scaling, int warmupEpochs) {
    if (workers <= 1 || NONE.equals(scaling)) {
      return rates;
    }
    if (!LINEAR.equals(scaling)) {
      throw new IllegalArgumentException("rate scaling '" + scaling + "': none or linear");
    }
    TreeMap<Integer, Double> base = new TreeMap<>(rates);
    TreeMap<Integer, Double> out = new TreeMap<>();
    base.forEach((epoch, rate) -> out.put(epoch, rate * workers));
    for (int e = 0; e < warmupEpochs; e++) {
      double factor = 1 + (workers - 1) * (double) e / warmupEpochs;
      out.put(e, base.floorEntry(e).getValue() * factor);
    }
    if (warmupEpochs > 0 && !base.containsKey(warmupEpochs)) {
      out.put(warmupEpochs, base.floorEntry(warmupEpochs).getValue() * workers);
    }
    return out;
  }
}
