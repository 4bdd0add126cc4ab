package org.drgrade.engine;

import java.io.Serializable;

/**
 * Turns one compact cached minibatch (encoded preprocessed images, say) into the float tensors an
 * engine fits, on the executor and just before the fit: the epoch's data then stays in the cache as
 * a few bytes per pixel rather than four per value, and decoding overlaps the previous fit.
 *
 * @param <B> what the epoch's RDD holds per minibatch
 */
@FunctionalInterface
public interface BatchDecoder<B> extends Serializable {
  Minibatch decode(B batch);

  /** For minibatches already held as floats (tests, benchmarks on random tensors). */
  static BatchDecoder<Minibatch> identity() {
    return b -> b;
  }
}
