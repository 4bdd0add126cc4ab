package org.drgrade.bench;

import java.util.List;
import org.drgrade.engine.ModelSummary;
import org.drgrade.engine.NetworkSpec;

/**
 * Projects an averaging round on W GPU executors from what {@code bench scale} measured on this
 * machine's cluster and from the network's arithmetic. Per round each worker fits f minibatches of
 * b images: compute = f b (3 x forward multiply-adds x 2 FLOPs) / the GPU's effective FLOP/s. The
 * overhead a GPU does not shrink: the fixed per-round cost measured here (job launch, task
 * scheduling, the driver's serialising and averaging, per-stage latency), plus moving the state
 * over the network: the broadcast (torrent: every executor receives the state once, from the driver
 * or a peer, ~ one transfer) and the tree aggregation's levels (Spark's treeAggregate at depth d:
 * each level's reducers and finally the driver receive about W^(1/d) partial sums each).
 *
 * @param fixedSecondsPerRound measured per-round overhead that is not moving bytes
 * @param networkBytesPerSecond the assumed cluster network bandwidth per host
 * @param gpuFlopsPerSecond the assumed effective FP32 FLOP/s of one GPU on this network's convs
 */
record ScaleCostModel(
    double fixedSecondsPerRound,
    double networkBytesPerSecond,
    double gpuFlopsPerSecond,
    int averagingFrequency,
    int batchSize) {

  /** One projected setting. */
  record Projection(
      int workers,
      int crop,
      double computeSeconds,
      double broadcastSeconds,
      double gatherSeconds,
      double fixedSeconds,
      double overheadFraction,
      double imagesPerSecond,
      double efficiency) {}

  /** Training FLOPs of one image: forward, and backward for inputs and weights (3x). */
  static double trainingFlops(int crop) {
    return 3.0
        * 2.0
        * ModelSummary.of(NetworkSpec.reference().withInputSize(crop)).forwardMultiplyAdds();
  }

  /** Bytes a round moves each way: parameters and optimiser state as float32. */
  static long stateBytes(int crop) {
    ModelSummary s = ModelSummary.of(NetworkSpec.reference().withInputSize(crop));
    return 4L * (s.storedParams() + s.trainableParams());
  }

  /**
   * Partial sums the driver and each tree level's reducers receive, as Spark's treeAggregate does.
   */
  static int[] treeFanIns(int workers, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(workers, 1.0 / depth)), 2);
    java.util.List<Integer> fanIns = new java.util.ArrayList<>();
    int partitions = workers;
    while (partitions > scale + (int) Math.ceil((double) partitions / scale)) {
      fanIns.add(scale);
      partitions = (int) Math.ceil((double) partitions / scale);
    }
    fanIns.add(partitions); // the driver's final collect
    return fanIns.stream().mapToInt(Integer::intValue).toArray();
  }

  Projection project(int workers, int crop, int depth) {
    double compute = averagingFrequency * batchSize * trainingFlops(crop) / gpuFlopsPerSecond;
    double transfer = stateBytes(crop) / networkBytesPerSecond;
    double broadcast = workers > 1 ? transfer : 0;
    double gather = 0;
    int[] fanIns = treeFanIns(workers, depth);
    for (int f : fanIns) {
      gather += f * transfer;
    }
    // Each tree level past the driver's collect is one more stage to launch.
    double fixed = fixedSecondsPerRound * fanIns.length;
    double overhead = broadcast + gather + fixed;
    double round = compute + overhead;
    double imagesPerSecond = workers * averagingFrequency * batchSize / round;
    return new Projection(
        workers,
        crop,
        compute,
        broadcast,
        gather,
        fixed,
        overhead / compute,
        imagesPerSecond,
        compute / round);
  }

  /**
   * The least averaging frequency (minibatches per worker per round) at which the projected
   * overhead is at most {@code fraction} of compute, per projected worker count.
   */
  java.util.Map<Integer, Integer> frequencyFor(
      double fraction, List<Integer> workers, int crop, java.util.function.IntUnaryOperator depth) {
    java.util.Map<Integer, Integer> out = new java.util.LinkedHashMap<>();
    for (int w : workers) {
      Projection p = project(w, crop, depth.applyAsInt(w));
      double overhead = p.broadcastSeconds() + p.gatherSeconds() + p.fixedSeconds();
      double perMinibatch = p.computeSeconds() / averagingFrequency;
      out.put(w, (int) Math.ceil(overhead / (fraction * perMinibatch)));
    }
    return out;
  }

  List<Projection> project(
      List<Integer> workers, int crop, java.util.function.IntUnaryOperator depth) {
    return workers.stream().map(w -> project(w, crop, depth.applyAsInt(w))).toList();
  }
}
