package org.drgrade.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.drgrade.engine.Dl4jNetwork;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.OutputHead;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Synchronous parameter averaging (DL4J's ParameterAveragingTrainingMaster): each worker fits
 * {@code averagingFrequency} minibatches from the same parameters, then parameters and updater
 * state are averaged. Minibatches are fed directly from the epoch's RDD (persisted for the epoch,
 * since the master counts it before splitting), not exported to files: augmentation differs every
 * epoch, so an export would be written once and read once.
 */
public final class ParameterAveragingTrainer implements DistributedTrainer {
  /** The name of the RDD DL4J fits from (in the Spark UI and event log). */
  public static final String FIT_RDD = "drgrade: minibatches placed on the task's GPU";

  private final SparkDl4jMultiLayer spark;
  private Dl4jNetwork current;
  private final ResourceProfile gpuProfile;
  private final boolean gpuRequired;
  private final WorkerLoss loss;

  /**
   * @param taskGpus GPUs per training task; 0 = no resource profile (CPU, or GPU executors running
   *     one task each)
   */
  public ParameterAveragingTrainer(
      JavaSparkContext sc,
      Dl4jNetwork net,
      int workers,
      int batchSize,
      int averagingFrequency,
      long seed,
      int taskGpus,
      boolean gpuRequired) {
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
            .batchSizePerWorker(batchSize)
            .averagingFrequency(averagingFrequency)
            .workerPrefetchNumBatches(0)
            .saveUpdater(true)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            // No shuffle of its own: the fitting stage then descends from the RDD the GPU profile
            // is attached to and runs under it (after a repartition it ran under the default
            // profile, several tasks to a GPU). The epoch's minibatches already come in one
            // partition per worker.
            .repartionData(Repartition.Never)
            .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
            .rngSeed(seed)
            .build();
    this.spark = new SparkDl4jMultiLayer(sc, net.multiLayerNetwork(), master);
    this.current = net;
    this.loss = new WorkerLoss(sc);
    spark.setListeners(loss);
    this.gpuProfile = taskProfile(sc.getConf(), taskGpus);
    this.gpuRequired = gpuRequired;
  }

  /**
   * A task-only profile (as spark-rapids-ml and XGBoost use): training tasks need a GPU from the
   * executors that already exist and already hold the cached training data. A profile that asks for
   * executors of its own never matches the default ones, and on a cluster whose GPUs the default
   * executors already hold it would wait forever for executors that cannot be placed. Null for 0.
   */
  static ResourceProfile taskProfile(SparkConf conf, int taskGpus) {
    if (taskGpus <= 0) {
      return null;
    }
    checkGpuExecutors(conf, taskGpus);
    // One profile per application and GPU count: train's preflight, every epoch's stages and every
    // fold then share it (a profile built anew is a new profile to Spark, with an id of its own).
    return PROFILES.computeIfAbsent(
        conf.get("spark.app.id", "") + "/" + taskGpus,
        k ->
            new ResourceProfileBuilder()
                .require(new TaskResourceRequests().resource("gpu", taskGpus))
                .build());
  }

  private static final java.util.Map<String, ResourceProfile> PROFILES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The two settings without which a task-only GPU profile never schedules: executors that have
   * GPUs (else no executor can ever run a training task) and no dynamic allocation (Spark 3.5 runs
   * task-only profiles only on a fixed set of executors; it would refuse later, mid-stage).
   */
  static void checkGpuExecutors(SparkConf conf, int taskGpus) {
    long executorGpus = conf.getLong("spark.executor.resource.gpu.amount", 0);
    if (executorGpus < taskGpus) {
      throw new IllegalStateException(
          "drgrade.train.task-gpus = "
              + taskGpus
              + " but spark.executor.resource.gpu.amount = "
              + executorGpus
              + ": training tasks would wait forever for a GPU; give the executors GPUs or set drgrade.train.task-gpus = 0");
    }
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new IllegalStateException(
          "drgrade.train.task-gpus > 0 needs spark.dynamicAllocation.enabled = false "
              + "(Spark 3.5 runs task-only resource profiles on a fixed set of executors); set spark.executor.instances instead");
    }
  }

  @Override
  public double fitEpoch(JavaRDD<Minibatch> minibatches, int epoch) {
    // The learning-rate schedule reads the epoch from the configuration the workers receive.
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch);
    OutputHead head = Dl4jNetwork.headOf(spark.getNetwork());
    JavaRDD<DataSet> batches = minibatches.map(batch -> Dl4jNetwork.dataSet(batch, head));
    JavaRDD<DataSet> placed = gpuProfile == null ? batches : batches.withResources(gpuProfile);
    JavaRDD<DataSet> persisted = placed.persist(StorageLevel.MEMORY_AND_DISK_SER());
    boolean required = gpuRequired;
    // In the fitting task's own thread, before DL4J's worker builds its network there: ND4J's
    // device affinity set to the GPU Spark gave the task.
    JavaRDD<DataSet> onDevice =
        persisted.mapPartitions(
            partition -> {
              GpuTasks.place(Engine.DL4J, required);
              return partition;
            },
            true);
    onDevice.setName(FIT_RDD);
    try {
      spark.fit(onDevice);
    } finally {
      persisted.unpersist(false);
    }
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch + 1);
    return loss.takeMean();
  }

  @Override
  public Dl4jNetwork network() {
    if (current.multiLayerNetwork() != spark.getNetwork()) {
      current = new Dl4jNetwork(spark.getNetwork());
    }
    return current;
  }
}
