package org.drgrade.blend;

import java.io.Serializable;

/**
 * Settings of the blend network and its training. The architecture is docs/method.md's (two hidden
 * layers of 500 ReLU, strong dropout); {@code dropProbability} is the chance a unit is dropped, the
 * complement of the keep probability DL4J's {@code dropOut} takes.
 */
public record BlendNetworkSpec(
    int hiddenUnits,
    double dropProbability,
    double learningRate,
    double l2,
    int epochs,
    int batchSize,
    int folds,
    long seed)
    implements Serializable {

  public BlendNetworkSpec {
    if (hiddenUnits < 1 || epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("hidden units, epochs and batch size must be positive");
    }
    if (!(dropProbability >= 0 && dropProbability < 1)) {
      throw new IllegalArgumentException(
          "drop probability must be in [0, 1), got " + dropProbability);
    }
    if (!(learningRate > 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("learning rate must be positive and L2 non-negative");
    }
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
  }

  /** docs/method.md's network; Adam at 1e-3 for 40 passes of minibatches of 128 rows, 5 folds. */
  public static BlendNetworkSpec defaults(long seed) {
    return new BlendNetworkSpec(500, 0.5, 1e-3, 1e-5, 40, 128, 5, seed);
  }

  public BlendNetworkSpec withEpochs(int newEpochs) {
    return new BlendNetworkSpec(
        hiddenUnits, dropProbability, learningRate, l2, newEpochs, batchSize, folds, seed);
  }
}
