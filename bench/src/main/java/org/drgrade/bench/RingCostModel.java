package org.drgrade.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects an averaging round of {@code train.averaging = allreduce} on W GPU executors from what
 * {@code bench scale} measured on this machine's cluster at W = 2, and from the network's
 * arithmetic. A round is f minibatches of b images per worker (compute, as in {@link
 * ScaleCostModel}) and one ring all-reduce of the state S, in which each worker sends and receives
 * 2 (W - 1) / W of S, in 2 (W - 1) steps. Its overhead:
 *
 * <ul>
 *   <li>wire: those bytes over the assumed network;
 *   <li>host: the same bytes through the worker's CPU (copying the state out of and into the
 *       engine, converting, adding, the mean), at the seconds per byte measured here: the round's
 *       time past its slowest fit less the ring latency, over the bytes each worker sent;
 *   <li>latency: the measured all-reduce of a few numbers at W = 2 is 2 steps; W has 2 (W - 1);
 *   <li>per epoch, the barrier stage's launch, the broadcast and the collect (measured: the epoch's
 *       wall less fits and exchanges), shared by the epoch's rounds over {@code projectImages}.
 * </ul>
 *
 * Host and wire are added, not overlapped: an upper bound.
 */
record RingCostModel(
    double latencyAtTwo,
    double hostSecondsPerByte,
    double epochFixedSeconds,
    double networkBytesPerSecond,
    double gpuFlopsPerSecond,
    int averagingFrequency,
    int batchSize,
    long projectImages) {

  /** One projected setting. */
  record Projection(
      int workers,
      int crop,
      int roundsPerEpoch,
      double computeSeconds,
      double wireSeconds,
      double hostSeconds,
      double latencySeconds,
      double epochFixedSeconds,
      double overheadFraction,
      double imagesPerSecond,
      double efficiency) {}

  Projection project(int workers, int crop) {
    return project(workers, crop, averagingFrequency);
  }

  Projection project(int workers, int crop, int frequency) {
    double compute = frequency * batchSize * ScaleCostModel.trainingFlops(crop) / gpuFlopsPerSecond;
    double bytes = 2.0 * (workers - 1) / workers * ScaleCostModel.stateBytes(crop);
    double wire = bytes / networkBytesPerSecond;
    double host = bytes * hostSecondsPerByte;
    double latency = (workers - 1) * latencyAtTwo;
    int rounds =
        (int)
            Math.max(
                1, Math.ceil((double) projectImages / ((long) workers * frequency * batchSize)));
    double fixed = epochFixedSeconds / rounds;
    double overhead = wire + host + latency + fixed;
    double round = compute + overhead;
    return new Projection(
        workers,
        crop,
        rounds,
        compute,
        wire,
        host,
        latency,
        fixed,
        overhead / compute,
        workers * frequency * batchSize / round,
        compute / round);
  }

  List<Projection> project(List<Integer> workers, int crop) {
    return workers.stream().map(w -> project(w, crop)).toList();
  }

  /** The least averaging frequency at which the overhead is at most {@code fraction} of compute. */
  Map<Integer, Integer> frequencyFor(double fraction, List<Integer> workers, int crop) {
    Map<Integer, Integer> out = new LinkedHashMap<>();
    for (int w : workers) {
      int f = 1;
      while (f < 10_000 && project(w, crop, f).overheadFraction() > fraction) {
        f++;
      }
      out.put(w, f);
    }
    return out;
  }
}
