package org.drgrade.engine.dl4j;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.BatchDecoder;
import org.drgrade.engine.DistributedTrainer;
import org.drgrade.engine.Engines;
import org.drgrade.engine.EpochFit;
import org.drgrade.engine.GpuTasks;
import org.drgrade.engine.OutputHead;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Synchronous parameter averaging by DL4J's ParameterAveragingTrainingMaster ({@code
 * drgrade.train.averaging = dl4j-master}; drgrade's own {@code AveragingTrainer} is the other
 * choice, with the data flow that scales, see docs/benchmarks.md "Scaling"): each worker fits
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

  ParameterAveragingTrainer(JavaSparkContext sc, Dl4jNetwork net, AveragingPlan plan) {
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(plan.workers(), plan.batchSize())
            .batchSizePerWorker(plan.batchSize())
            .averagingFrequency(plan.averagingFrequency())
            .workerPrefetchNumBatches(0)
            .saveUpdater(true)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            // No shuffle of its own: the fitting stage then descends from the RDD the GPU profile
            // is attached to and runs under it (after a repartition it ran under the default
            // profile, several tasks to a GPU). The epoch's minibatches already come in one
            // partition per worker.
            .repartionData(Repartition.Never)
            .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
            .rngSeed(plan.seed())
            .build();
    this.spark = new SparkDl4jMultiLayer(sc, net.multiLayerNetwork(), master);
    this.current = net;
    this.loss = new WorkerLoss(sc);
    spark.setListeners(loss);
    this.gpuProfile = GpuTasks.profile(sc.getConf(), plan.taskGpus());
    this.gpuRequired = plan.gpuRequired();
  }

  @Override
  public <B> EpochFit fitEpoch(JavaRDD<B> minibatches, BatchDecoder<B> decoder, int epoch) {
    // The learning-rate schedule reads the epoch from the configuration the workers receive.
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch);
    OutputHead head = Dl4jNetwork.headOf(spark.getNetwork());
    // The master counts, splits and re-reads its RDD per split, so it gets decoded tensors (the
    // compact minibatches decoded once per epoch, cached serialised); drgrade's trainer decodes per
    // round instead.
    JavaRDD<DataSet> batches =
        minibatches.map(batch -> Dl4jNetwork.dataSet(decoder.decode(batch), head));
    JavaRDD<DataSet> placed = gpuProfile == null ? batches : batches.withResources(gpuProfile);
    JavaRDD<DataSet> persisted = placed.persist(StorageLevel.MEMORY_AND_DISK_SER());
    boolean required = gpuRequired;
    // In the fitting task's own thread, before DL4J's worker builds its network there: ND4J's
    // device affinity set to the GPU Spark gave the task.
    JavaRDD<DataSet> onDevice =
        persisted.mapPartitions(
            partition -> {
              GpuTasks.place(Engines.of(Dl4jEngine.ID), required);
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
    return new EpochFit(loss.takeMean(), null);
  }

  @Override
  public Dl4jNetwork network() {
    if (current.multiLayerNetwork() != spark.getNetwork()) {
      current = new Dl4jNetwork(spark.getNetwork());
    }
    return current;
  }
}
