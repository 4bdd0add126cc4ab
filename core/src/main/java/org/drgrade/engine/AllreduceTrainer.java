package org.drgrade.engine;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The same synchronous parameter averaging as {@link AveragingTrainer} (every f minibatches each
 * worker's parameters and optimiser state become the mean over the workers that fitted in that
 * round), with the averaging done by the workers themselves: one Spark barrier stage per epoch, its
 * W tasks started together, each fitting its own minibatches and summing its state with the others
 * over a {@link RingAllreduce} after every f of them. A round then costs one ring exchange (2 (W -
 * 1) / W of the state per worker, nothing through the driver) instead of a Spark job, a broadcast
 * and a tree aggregation: the pattern of Horovod on Spark and Spark's own TorchDistributor. The
 * driver broadcasts the network once per epoch and receives it back once; the workers find each
 * other through a {@link RingRendezvous} on the driver.
 *
 * <p>Each round's all-reduce carries, after the state, four numbers per worker (minibatches fitted
 * this round, whether more follow, milliseconds fitting and waiting for decoded minibatches), so
 * every worker knows how many workers to divide by, the round's most minibatches (the iteration
 * count), when the epoch ends, and the slowest fit (for {@link RoundTimes}) without another
 * message. Barrier mode needs all W tasks running at once and does not run under dynamic
 * allocation; Spark refuses both before the stage.
 */
public final class AllreduceTrainer implements DistributedTrainer {
  /** The name of each epoch's barrier RDD (in the Spark UI and event log). */
  public static final String EPOCH_RDD =
      "drgrade: an epoch's minibatches fitted on the task's GPU, averaged by ring all-reduce";

  private final JavaSparkContext sc;
  private final GradingNetwork net;
  private final int averagingFrequency;
  private final boolean overlap;
  private final WorkerTasks tasks;
  private final String id = java.util.UUID.randomUUID().toString();

  public AllreduceTrainer(JavaSparkContext sc, GradingNetwork net, AveragingPlan plan) {
    if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new IllegalStateException(
          "train.averaging = \""
              + AveragingPlan.ALLREDUCE
              + "\" runs a Spark barrier stage, which Spark refuses under dynamic allocation: set"
              + " spark.dynamicAllocation.enabled=false (and spark.executor.instances), or use"
              + " train.averaging = \""
              + AveragingPlan.DRGRADE
              + "\"");
    }
    this.sc = sc;
    this.net = net;
    this.averagingFrequency = plan.averagingFrequency();
    this.overlap = plan.averaging().equals(AveragingPlan.ALLREDUCE_OVERLAP);
    this.tasks = WorkerTasks.of(sc.getConf(), plan);
  }

  @Override
  public <B> EpochFit fitEpoch(JavaRDD<B> batches, BatchDecoder<B> decoder, int epoch) {
    net.setEpoch(epoch);
    long t0 = System.currentTimeMillis();
    Broadcast<byte[]> checkpoint = sc.broadcast(net.toBytes());
    Broadcast<WorkerNetworks.State> state = sc.broadcast(new WorkerNetworks.State(net));
    List<WorkerEnd> ends;
    long submitted;
    try (RingRendezvous rendezvous =
        RingRendezvous.open(
            sc.getConf().get("spark.driver.host", "localhost"), batches.getNumPartitions())) {
      JavaRDD<B> placed = tasks.place(batches);
      RDD<WorkerEnd> fitted =
          placed
              .rdd()
              .barrier()
              .mapPartitions(
                  new Epoch<>(
                      net.engine(),
                      id,
                      rendezvous.address(),
                      checkpoint,
                      state,
                      decoder,
                      averagingFrequency,
                      overlap,
                      tasks),
                  false,
                  ClassTag$.MODULE$.apply(WorkerEnd.class));
      fitted.setName(EPOCH_RDD);
      submitted = System.currentTimeMillis();
      ends = fitted.toJavaRDD().collect();
    } finally {
      checkpoint.destroy();
      state.destroy();
    }
    long done = System.currentTimeMillis();
    WorkerEnd lead = ends.stream().filter(e -> e.parameters != null).findFirst().orElseThrow();
    net.setParameters(lead.parameters);
    net.setUpdaterState(lead.updater);
    net.setIterations(lead.iterations);
    net.setEpoch(epoch + 1);
    double lossSum = ends.stream().mapToDouble(e -> e.lossSum).sum();
    long count = ends.stream().mapToLong(e -> e.batches).sum();
    long firstStart = ends.stream().mapToLong(e -> e.startMs).min().orElse(submitted);
    long slowestState = ends.stream().mapToLong(e -> e.stateMs).max().orElse(0);
    long slowestJoin = ends.stream().mapToLong(e -> e.joinMs).max().orElse(0);
    long slowestRead = ends.stream().mapToLong(e -> e.readMs).max().orElse(0);
    long slowestCopy = ends.stream().mapToLong(e -> e.copyNanos).max().orElse(0);
    long stateBytes = 4L * (lead.parameters.length + lead.updater.length);
    int workers = ends.size();
    RoundTimes times =
        new RoundTimes(
            lead.rounds,
            workers,
            0,
            workers == 1 ? 0 : 2L * (workers - 1) * stateBytes / workers,
            (done - t0) / 1e3,
            (submitted - t0 + slowestState) / 1e3,
            (Math.max(0, firstStart - submitted) + slowestJoin) / 1e3,
            lead.slowestFitMs / 1e3,
            lead.slowestDecodeWaitMs / 1e3,
            lead.exchangeMs / 1e3,
            lead.ringLatencyNanos / 1e9,
            slowestRead / 1e3,
            slowestCopy / 1e9,
            lead.ringExchangeNanos / 1e9);
    return new EpochFit(count == 0 ? Double.NaN : lossSum / count, times);
  }

  @Override
  public GradingNetwork network() {
    return net;
  }

  /**
   * What a worker reports at the epoch's end: its loss and minibatches; worker 0 also the averaged
   * state (every worker holds the same) and the rounds' clocks. A class, not a record: Spark's Kryo
   * cannot build records.
   */
  static final class WorkerEnd implements Serializable {
    private static final long serialVersionUID = 1L;
    float[] parameters;
    float[] updater;
    long iterations;
    int rounds;
    double lossSum;
    long batches;
    long startMs;
    long stateMs;
    long joinMs;
    long readMs;
    long slowestFitMs;
    long slowestDecodeWaitMs;
    long exchangeMs;
    long copyNanos;
    long ringExchangeNanos;
    long ringLatencyNanos;
  }

  /** The executor side: one worker's whole epoch, averaging with the others every f fits. */
  private static final class Epoch<B>
      extends AbstractFunction1<scala.collection.Iterator<B>, scala.collection.Iterator<WorkerEnd>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Engine engine;
    private final String trainer;
    private final String rendezvous;
    private final Broadcast<byte[]> checkpoint;
    private final Broadcast<WorkerNetworks.State> state;
    private final BatchDecoder<B> decoder;
    private final int frequency;
    private final boolean overlap;
    private final WorkerTasks tasks;

    Epoch(
        Engine engine,
        String trainer,
        String rendezvous,
        Broadcast<byte[]> checkpoint,
        Broadcast<WorkerNetworks.State> state,
        BatchDecoder<B> decoder,
        int frequency,
        boolean overlap,
        WorkerTasks tasks) {
      this.engine = engine;
      this.trainer = trainer;
      this.rendezvous = rendezvous;
      this.checkpoint = checkpoint;
      this.state = state;
      this.decoder = decoder;
      this.frequency = frequency;
      this.overlap = overlap;
      this.tasks = tasks;
    }

    @Override
    public scala.collection.Iterator<WorkerEnd> apply(scala.collection.Iterator<B> batches) {
      try {
        return JavaConverters.asScalaIterator(
            List.of(run(JavaConverters.asJavaIterator(batches))).iterator());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private WorkerEnd run(java.util.Iterator<B> batches) throws Exception {
      long start = System.currentTimeMillis();
      BarrierTaskContext ctx = BarrierTaskContext.get();
      int rank = ctx.partitionId();
      tasks.start(engine);
      String worker = rank + "@" + GpuTasks.given();
      GradingNetwork local =
          WorkerNetworks.take(trainer, worker, () -> engine.read(checkpoint.value()));
      state.value().setInto(local);
      long stateMs = System.currentTimeMillis() - start;
      // The executor's host as Spark's block transfers reach it; a port of the task's own.
      var server = RingAllreduce.listen();
      String host = SparkEnv.get().blockManager().blockManagerId().host();
      List<String> ring =
          RingRendezvous.meet(
              rendezvous,
              ctx.stageAttemptNumber(),
              rank,
              ctx.getTaskInfos().length,
              host + ":" + server.getLocalPort());
      boolean fitted = false;
      try (RingAllreduce allreduce = RingAllreduce.join(server, ring, rank);
          DecodeAhead<B> decoding = new DecodeAhead<>(decoder)) {
        long joinMs = System.currentTimeMillis() - start - stateMs;
        WorkerEnd end =
            new RingRounds(local, allreduce, frequency, overlap, rank).run(batches, decoding);
        end.startMs = start;
        end.stateMs = stateMs;
        end.joinMs = joinMs;
        fitted = true;
        return end;
      } finally {
        if (fitted) {
          WorkerNetworks.keep(trainer, worker, local);
        } else {
          local.close(); // a failed epoch's network is in an unknown state
        }
      }
    }
  }
}
