package org.drgrade.engine;

/**
 * Where one epoch's averaging rounds spent their wall time, summed over the rounds, in seconds. A
 * round is: the driver serialises and broadcasts the network ({@code broadcast}, with the slowest
 * worker's fetch and read of it), Spark launches the round's tasks ({@code launch}: job submission
 * to the first task's start), the workers decode and fit their minibatches ({@code fit}: the
 * slowest worker; {@code decodeWait} of it the time a fit waited for its decoded minibatch), then
 * the tree aggregation brings the sums back and the driver sets the mean ({@code gather}: the last
 * task's end to the new parameters). The rest of {@code wall} is task skew and scheduling. Under
 * {@link AllreduceTrainer} the broadcast and launch happen once per epoch, {@code gather} is each
 * round's time past its slowest fit (the ring exchange and setting the mean), and {@code
 * ringLatency} is one all-reduce of a few numbers on the same ring: the part of an exchange that
 * does not grow with the state. {@code read} is the epoch's reading of the workers' cached
 * partitions and planning their minibatches, once per epoch: the count job before the rounds (job
 * per round), or the slowest worker's first read (the ring). Clocks are the executors' and the
 * driver's wall clocks: on one machine exact, on a cluster good to the hosts' clock sync. Under the
 * ring, {@code stateCopy} is the slowest worker's time copying the state out of and into its engine
 * and taking the mean (on the fits' path in either mode), and {@code ringExchange} one all-reduce
 * of the whole state timed at the epoch's end, with the workers in step: the exchange itself,
 * without waiting for anyone (under allreduce-overlap the rounds' exchanges run beside the fits, so
 * only what the fits do not cover reaches {@code gather}).
 *
 * @param rounds averaging rounds
 * @param workers workers per round
 * @param broadcastBytes bytes of network state broadcast per round
 * @param gatheredBytes bytes aggregated back per round (each partial sum of parameters and
 *     optimiser state; under the ring, what each worker sends)
 * @param ringLatency seconds per all-reduce of a few numbers (the ring only; else 0)
 * @param read seconds reading and planning the cached partitions, once per epoch
 * @param stateCopy seconds copying the state out of and into the engine (the ring only; else 0)
 * @param ringExchange seconds per all-reduce of the whole state (the ring only; else 0)
 */
public record RoundTimes(
    int rounds,
    int workers,
    long broadcastBytes,
    long gatheredBytes,
    double wall,
    double broadcast,
    double launch,
    double fit,
    double decodeWait,
    double gather,
    double ringLatency,
    double read,
    double stateCopy,
    double ringExchange) {

  /**
   * Seconds per round outside the workers' fits and the epoch's read: what more workers cannot
   * shrink (the read is work per image, shared by the workers like the fits).
   */
  public double overheadPerRound() {
    return rounds == 0 ? 0 : (wall - fit - read) / rounds;
  }

  RoundTimes plus(RoundTimes r) {
    return new RoundTimes(
        rounds + r.rounds,
        Math.max(workers, r.workers),
        Math.max(broadcastBytes, r.broadcastBytes),
        Math.max(gatheredBytes, r.gatheredBytes),
        wall + r.wall,
        broadcast + r.broadcast,
        launch + r.launch,
        fit + r.fit,
        decodeWait + r.decodeWait,
        gather + r.gather,
        Math.max(ringLatency, r.ringLatency),
        read + r.read,
        stateCopy + r.stateCopy,
        Math.max(ringExchange, r.ringExchange));
  }

  static RoundTimes none() {
    return new RoundTimes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
