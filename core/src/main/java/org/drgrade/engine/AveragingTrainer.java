package org.drgrade.engine;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * drgrade's own synchronous parameter averaging, for every engine (DL4J's parameter-averaging
 * master is the other choice for DL4J): the algorithm of DL4J's ParameterAveragingTrainingMaster
 * with a data flow that scales. Each partition of the epoch's minibatches is one worker. The
 * minibatches arrive compact (encoded images) and are laid out by round in one shuffle per epoch
 * ({@link RoundLayout}), so round r reads exactly its own minibatches. Per round the driver
 * broadcasts the network (parameters, optimiser state, counters; Spark's torrent broadcast), every
 * worker decodes its next {@code averagingFrequency} minibatches (the next one while the engine
 * fits the current) and fits them from that same state, and Spark's tree aggregation sums the
 * workers' parameters and optimiser states on the way back, so the driver receives a few partial
 * sums rather than one vector per worker and sets the network to their mean.
 */
public final class AveragingTrainer implements DistributedTrainer {
  private static final Logger LOG = LogManager.getLogger(AveragingTrainer.class);

  /** The name of each round's fitting RDD (in the Spark UI and event log). */
  public static final String ROUND_RDD = "drgrade: a round's minibatches fitted on the task's GPU";

  private final JavaSparkContext sc;
  private final GradingNetwork net;
  private final int averagingFrequency;
  private final WorkerTasks tasks;
  private final String id = java.util.UUID.randomUUID().toString();

  public AveragingTrainer(JavaSparkContext sc, GradingNetwork net, AveragingPlan plan) {
    this.sc = sc;
    this.net = net;
    this.averagingFrequency = plan.averagingFrequency();
    this.tasks = WorkerTasks.of(sc.getConf(), plan);
  }

  /**
   * One network's threads in an executor JVM. The engines' tasks take turns in native code (one
   * network's work at a time per JVM, see the engines), so each uses all the JVM's cores: in
   * local[N] N of the machine's cores, on a cluster spark.executor.cores (spark.task.cpus when that
   * is unset).
   */
  public static int threadsPerExecutor(SparkConf conf) {
    String master = conf.get("spark.master", "local[*]");
    if (master.startsWith("local")) {
      int cores = Runtime.getRuntime().availableProcessors();
      var m = java.util.regex.Pattern.compile("local\\[(\\d+)").matcher(master);
      return m.find() ? Math.max(1, Math.min(cores, Integer.parseInt(m.group(1)))) : cores;
    }
    return Math.max(1, conf.getInt("spark.executor.cores", conf.getInt("spark.task.cpus", 1)));
  }

  @Override
  public <B> EpochFit fitEpoch(JavaRDD<B> batches, BatchDecoder<B> decoder, int epoch) {
    net.setEpoch(epoch);
    long read0 = System.currentTimeMillis();
    List<Integer> perWorker =
        batches.mapPartitions(it -> List.of(RoundLayout.count(it)).iterator()).collect();
    double read = (System.currentTimeMillis() - read0) / 1e3;
    RoundLayout<B> layout = RoundLayout.of(batches, perWorker, averagingFrequency);
    int depth = treeDepth(layout.workers());
    double lossSum = 0;
    long lossCount = 0;
    RoundTimes times = RoundTimes.none();
    // The whole network once per epoch, read only by an executor that has no network of this
    // trainer's yet; each round then broadcasts the flat state alone.
    Broadcast<byte[]> checkpoint = sc.broadcast(net.toBytes());
    try {
      for (int round = 0; round < layout.rounds(); round++) {
        long t0 = System.currentTimeMillis();
        WorkerNetworks.State values = new WorkerNetworks.State(net);
        Broadcast<WorkerNetworks.State> state = sc.broadcast(values);
        long submitted = System.currentTimeMillis();
        RoundSum sum;
        try {
          JavaRDD<B> own = layout.round(round);
          JavaRDD<B> placed = tasks.place(own);
          JavaRDD<RoundSum> fitted =
              placed.mapPartitionsWithIndex(
                  new Round<>(net.engine(), id, checkpoint, state, decoder, tasks), true);
          fitted.setName(ROUND_RDD);
          sum = fitted.treeAggregate(new RoundSum(), RoundSum::merge, RoundSum::merge, depth);
        } finally {
          state.destroy();
        }
        if (sum.workers > 0) {
          net.setParameters(RoundSum.mean(sum.parameters, sum.workers));
          net.setUpdaterState(RoundSum.mean(sum.updater, sum.workers));
          net.setIterations(net.iterations() + sum.mostBatches);
          lossSum += sum.lossSum;
          lossCount += sum.batches;
          long done = System.currentTimeMillis();
          times =
              times.plus(
                  new RoundTimes(
                      1,
                      sum.workers,
                      values.bytes(),
                      values.bytes(),
                      (done - t0) / 1e3 + (round == 0 ? read : 0),
                      (submitted - t0 + sum.slowestStateMs) / 1e3,
                      Math.max(0, sum.firstStartMs - submitted) / 1e3,
                      sum.slowestFitMs / 1e3,
                      sum.slowestDecodeWaitMs / 1e3,
                      Math.max(0, done - sum.lastEndMs) / 1e3,
                      0,
                      round == 0 ? read : 0,
                      0,
                      0));
        }
        LOG.debug(
            "train: epoch {} averaging round {}/{} done", epoch + 1, round + 1, layout.rounds());
      }
    } finally {
      checkpoint.destroy();
    }
    net.setEpoch(epoch + 1);
    return new EpochFit(lossCount == 0 ? Double.NaN : lossSum / lossCount, times);
  }

  /**
   * Spark's treeAggregate depth: 2 (its default) up to 16 workers, where a flat combine of the
   * executors' partial sums is cheapest; a level more for every further factor of 16.
   */
  public static int treeDepth(int workers) {
    int depth = 2;
    for (long reach = 16; reach < workers; reach *= 16) {
      depth++;
    }
    return depth;
  }

  @Override
  public GradingNetwork network() {
    return net;
  }

  /** The executor side of one round: decode and fit this worker's minibatches of the round. */
  private record Round<B>(
      Engine engine,
      String trainer,
      Broadcast<byte[]> checkpoint,
      Broadcast<WorkerNetworks.State> state,
      BatchDecoder<B> decoder,
      WorkerTasks tasks)
      implements Function2<Integer, Iterator<B>, Iterator<RoundSum>> {

    @Override
    public Iterator<RoundSum> call(Integer partition, Iterator<B> batches) throws Exception {
      long start = System.currentTimeMillis();
      if (!batches.hasNext()) {
        return List.<RoundSum>of().iterator();
      }
      tasks.start(engine);
      // One network per worker (the round's partition index) and GPU, kept in the executor
      // between rounds.
      String worker = partition + "@" + GpuTasks.given();
      GradingNetwork local =
          WorkerNetworks.take(trainer, worker, () -> engine.read(checkpoint.value()));
      boolean fitted = false;
      try (DecodeAhead<B> decoding = new DecodeAhead<>(decoder)) {
        state.value().setInto(local);
        long stateMs = System.currentTimeMillis() - start;
        Future<Minibatch> next = decoding.next(batches);
        double loss = 0;
        int count = 0;
        long waited = 0;
        long fitStart = System.currentTimeMillis();
        while (next != null) {
          long w0 = System.currentTimeMillis();
          Minibatch b = DecodeAhead.take(next);
          waited += System.currentTimeMillis() - w0;
          next = decoding.next(batches);
          loss += local.fit(b);
          count++;
        }
        long end = System.currentTimeMillis();
        fitted = true;
        return List.of(
                RoundSum.of(
                    local.parameters(),
                    local.updaterState(),
                    count,
                    loss,
                    start,
                    end,
                    stateMs,
                    end - fitStart,
                    waited))
            .iterator();
      } finally {
        if (fitted) {
          WorkerNetworks.keep(trainer, worker, local);
        } else {
          local.close(); // a failed round's network is in an unknown state
        }
      }
    }
  }
}
