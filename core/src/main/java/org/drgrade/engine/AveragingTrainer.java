package org.drgrade.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.storage.StorageLevel;

/**
 * drgrade's own synchronous parameter averaging, for engines without a Spark trainer of their own
 * (libtorch): the algorithm of DL4J's ParameterAveragingTrainingMaster in a few lines. Each
 * partition of the epoch's minibatches is one worker. Per round the driver broadcasts the network
 * (parameters, optimiser state, counters), every worker fits its next {@code averagingFrequency}
 * minibatches from that same state, and the driver sets the network to the mean of the workers'
 * parameters and optimiser states. The epoch's minibatches are cached (deserialised) for the epoch,
 * so each round reads them rather than decoding and augmenting again.
 */
public final class AveragingTrainer implements DistributedTrainer {
  private static final Logger LOG = LogManager.getLogger(AveragingTrainer.class);

  private final JavaSparkContext sc;
  private final GradingNetwork net;
  private final int averagingFrequency;
  private final int threads;
  private final ResourceProfile gpuProfile;
  private final boolean gpuRequired;

  public AveragingTrainer(JavaSparkContext sc, GradingNetwork net, AveragingPlan plan) {
    this.sc = sc;
    this.net = net;
    this.averagingFrequency = plan.averagingFrequency();
    this.threads = plan.threads() > 0 ? plan.threads() : threadsPerExecutor(sc.getConf());
    this.gpuProfile = GpuTasks.profile(sc.getConf(), plan.taskGpus());
    this.gpuRequired = plan.gpuRequired();
  }

  /**
   * libtorch's threads in one executor JVM. Its tasks take turns in libtorch (one network's native
   * work at a time per JVM, see the engine), so each uses all the JVM's cores: in local[N] N of the
   * machine's cores, on a cluster spark.executor.cores (spark.task.cpus when that is unset).
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
  public double fitEpoch(JavaRDD<Minibatch> batches, int epoch) {
    net.setEpoch(epoch);
    JavaRDD<Minibatch> placed = gpuProfile == null ? batches : batches.withResources(gpuProfile);
    JavaRDD<Minibatch> cached = placed.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int longest =
          cached.mapPartitions(it -> List.of(count(it)).iterator()).collect().stream()
              .mapToInt(Integer::intValue)
              .max()
              .orElse(0);
      int rounds = (longest + averagingFrequency - 1) / averagingFrequency;
      double lossSum = 0;
      long lossCount = 0;
      for (int round = 0; round < rounds; round++) {
        Broadcast<byte[]> state = sc.broadcast(net.toBytes());
        List<WorkerResult> results;
        try {
          results =
              cached
                  .mapPartitions(
                      new Round(
                          net.engine(),
                          state,
                          round * averagingFrequency,
                          averagingFrequency,
                          threads,
                          gpuRequired))
                  .collect();
        } finally {
          state.destroy();
        }
        average(results);
        for (WorkerResult r : results) {
          lossSum += r.lossSum();
          lossCount += r.batches();
        }
        LOG.debug("train: epoch {} averaging round {}/{} done", epoch + 1, round + 1, rounds);
      }
      net.setEpoch(epoch + 1);
      return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    } finally {
      cached.unpersist(false);
    }
  }

  private void average(List<WorkerResult> results) {
    if (results.isEmpty()) {
      return;
    }
    net.setParameters(mean(results.stream().map(WorkerResult::parameters).toList()));
    net.setUpdaterState(mean(results.stream().map(WorkerResult::updater).toList()));
    net.setIterations(
        net.iterations() + results.stream().mapToInt(WorkerResult::batches).max().orElse(0));
  }

  static float[] mean(List<float[]> arrays) {
    double[] sum = new double[arrays.get(0).length];
    for (float[] a : arrays) {
      if (a.length != sum.length) {
        throw new IllegalStateException("workers returned " + a.length + " and " + sum.length);
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] += a[i];
      }
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] / arrays.size());
    }
    return out;
  }

  private static int count(Iterator<?> it) {
    int n = 0;
    for (; it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public GradingNetwork network() {
    return net;
  }

  /**
   * What one worker sends back after a round. A class, not a record: Spark's Kryo cannot build
   * records.
   */
  static final class WorkerResult implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] parameters;
    private final float[] updater;
    private final int batches;
    private final double lossSum;

    WorkerResult(float[] parameters, float[] updater, int batches, double lossSum) {
      this.parameters = parameters;
      this.updater = updater;
      this.batches = batches;
      this.lossSum = lossSum;
    }

    float[] parameters() {
      return parameters;
    }

    float[] updater() {
      return updater;
    }

    int batches() {
      return batches;
    }

    double lossSum() {
      return lossSum;
    }
  }

  /** The executor side of one round: fit this partition's minibatches [from, from + count). */
  private record Round(
      Engine engine, Broadcast<byte[]> state, int from, int count, int threads, boolean gpuRequired)
      implements FlatMapFunction<Iterator<Minibatch>, WorkerResult> {

    @Override
    public Iterator<WorkerResult> call(Iterator<Minibatch> batches) {
      engine.useThreads(threads);
      GpuTasks.place(engine, gpuRequired); // the GPU Spark gave this task, before any network
      List<WorkerResult> out = new ArrayList<>(1);
      GradingNetwork local = null;
      try {
        double loss = 0;
        int fitted = 0;
        for (int i = 0; i < from + count && batches.hasNext(); i++) {
          Minibatch b = batches.next();
          if (i < from) {
            continue;
          }
          if (local == null) {
            local = engine.read(state.value());
          }
          loss += local.fit(b);
          fitted++;
        }
        if (local != null) {
          out.add(new WorkerResult(local.parameters(), local.updaterState(), fitted, loss));
        }
      } finally {
        if (local != null) {
          local.close();
        }
      }
      return out.iterator();
    }
  }
}
