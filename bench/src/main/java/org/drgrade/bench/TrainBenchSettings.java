package org.drgrade.bench;

import java.util.List;
import java.util.Optional;

/**
 * What {@link TrainBench} runs.
 *
 * @param sizes input sizes in pixels (448 = reference, 112 = the crop of a 128 px image)
 * @param batch base minibatch size (variants such as batch16 replace it)
 * @param batches timed minibatches per measurement, after one warm-up minibatch; even, so that the
 *     two Spark workers get the same share
 * @param repeat rounds; each round times every variant once, so drift from other load on the
 *     machine hits all variants alike
 * @param variants what to time, in this order within a round
 * @param helpersOffMaxSize helpers-off runs only up to this size: at 448 it needs 12-15 GB and
 *     about 40 s per minibatch (docs/design.md, The oneDNN shim)
 * @param peer the PyTorch script to run beside drgrade in the same run, if any
 * @param peerIters timed iterations per configuration of the peer (its median is reported)
 */
public record TrainBenchSettings(
    List<Integer> sizes,
    int batch,
    int batches,
    int repeat,
    List<TrainVariant> variants,
    int helpersOffMaxSize,
    Optional<TorchPeer> peer,
    int peerIters) {

  public TrainBenchSettings {
    sizes = List.copyOf(sizes);
    variants = List.copyOf(variants);
    if (batches < 2 || batches % 2 != 0) {
      throw new IllegalArgumentException("--batches must be even and at least 2, got " + batches);
    }
    if (batch < 1 || repeat < 1 || sizes.isEmpty() || variants.isEmpty()) {
      throw new IllegalArgumentException(
          "need batch >= 1, repeat >= 1, sizes and variants: " + this);
    }
  }

  public boolean runs(TrainVariant variant, int size) {
    return variant != TrainVariant.HELPERS_OFF || size <= helpersOffMaxSize;
  }
}
