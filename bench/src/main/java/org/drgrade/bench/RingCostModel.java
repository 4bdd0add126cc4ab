package org.drgrade.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects an averaging round of {@code train.averaging = allreduce} (or {@code allreduce-overlap})
 * on W GPU executors from what {@code bench scale} measured on this machine's cluster at W = 2, and
 * from the network's arithmetic. A round is f minibatches of b images per worker (compute, as in
 * {@link ScaleCostModel}) and one ring all-reduce of the state S, in which each worker sends and
 * receives 2 (W - 1) / W of S, in 2 (W - 1) steps. Its costs:
 *
 * <ul>
 *   <li>copy: the state out of the engine before the all-reduce, the mean (or the overlapped
 *       correction) and the state back in, at the seconds per state byte measured here; it does not
 *       grow with W;
 *   <li>the exchange:
 *       <ul>
 *         <li>wire: the bytes each worker sends over the assumed network;
 *         <li>ring host: the same bytes through the worker's CPU (converting, adding, and here the
 *             loopback's own copies: an upper bound), at the seconds per byte measured in the
 *             all-reduces less the ring latency;
 *         <li>latency: the measured all-reduce of a few numbers at W = 2 is 2 steps; W has 2 (W -
 *             1);
 *       </ul>
 *   <li>per epoch, the barrier stage's launch, the broadcast and the collect (measured: the epoch's
 *       wall less fits, exchanges and the read), shared by the epoch's rounds over {@code
 *       projectImages}.
 * </ul>
 *
 * Synchronous, every cost is on the round's path and they are added, not overlapped: an upper
 * bound. Overlapped, the exchange runs on the host while the GPU fits the next round, so only its
 * excess over the round's compute is on the path; the copy stays.
 */
record RingCostModel(
    double latencyAtTwo,
    double hostSecondsPerByte,
    double copySecondsPerStateByte,
    boolean overlapped,
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
      double copySeconds,
      double wireSeconds,
      double hostSeconds,
      double latencySeconds,
      boolean exchangeOverlapped,
      double epochFixedSeconds,
      double overheadFraction,
      double imagesPerSecond,
      double efficiency) {}

  Projection project(int workers, int crop) {
    return project(workers, crop, averagingFrequency);
  }

  Projection project(int workers, int crop, int frequency) {
    double compute = frequency * batchSize * ScaleCostModel.trainingFlops(crop) / gpuFlopsPerSecond;
    long state = ScaleCostModel.stateBytes(crop);
    double bytes = 2.0 * (workers - 1) / workers * state;
    double copy = state * copySecondsPerStateByte;
    double wire = bytes / networkBytesPerSecond;
    double host = bytes * hostSecondsPerByte;
    double latency = (workers - 1) * latencyAtTwo;
    int rounds =
        (int)
            Math.max(
                1, Math.ceil((double) projectImages / ((long) workers * frequency * batchSize)));
    double fixed = epochFixedSeconds / rounds;
    double exchange = wire + host + latency;
    double overhead = copy + fixed + (overlapped ? Math.max(0, exchange - compute) : exchange);
    double round = compute + overhead;
    return new Projection(
        workers,
        crop,
        rounds,
        compute,
        copy,
        wire,
        host,
        latency,
        overlapped,
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
