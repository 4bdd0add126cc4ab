package org.drgrade.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Synchronous parameter averaging (DL4J's ParameterAveragingTrainingMaster): each worker fits
 * {@code averagingFrequency} minibatches from the same parameters, then parameters and updater
 * state are averaged. Minibatches are fed directly from the epoch's RDD (persisted for the epoch,
 * since the master counts it before splitting), not exported to files: augmentation differs every
 * epoch, so an export would be written once and read once.
 */
public final class ParameterAveragingTrainer implements DistributedTrainer {
  private final SparkDl4jMultiLayer spark;
  private final ResourceProfile gpuProfile;
  private final WorkerLoss loss;

  /** @param executorGpus GPUs per training task; 0 = no resource profile (CPU, or a GPU-only cluster) */
  public ParameterAveragingTrainer(JavaSparkContext sc, MultiLayerNetwork net, int workers, int batchSize,
      int averagingFrequency, long seed, int executorGpus) {
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
        .batchSizePerWorker(batchSize)
        .averagingFrequency(averagingFrequency)
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
        .rngSeed(seed)
        .build();
    this.spark = new SparkDl4jMultiLayer(sc, net, master);
    this.loss = new WorkerLoss(sc);
    spark.setListeners(loss);
    // Stage-level scheduling: only the stages fed by this RDD ask YARN for GPU executors; with
    // spark.scheduler.resource.profileMergeConflicts=true DL4J's own stages on top inherit it.
    this.gpuProfile = executorGpus <= 0 ? null : new ResourceProfileBuilder()
        .require(new ExecutorResourceRequests().resource("gpu", executorGpus, "/opt/drgrade/getGpusResources.sh", ""))
        .require(new TaskResourceRequests().resource("gpu", 1))
        .build();
  }

  @Override
  public double fitEpoch(JavaRDD<DataSet> batches, int epoch) {
    // The learning-rate schedule reads the epoch from the configuration the workers receive.
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch);
    JavaRDD<DataSet> placed = gpuProfile == null ? batches : batches.withResources(gpuProfile);
    JavaRDD<DataSet> persisted = placed.persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      spark.fit(persisted);
    } finally {
      persisted.unpersist(false);
    }
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch + 1);
    return loss.takeMean();
  }

  @Override
  public MultiLayerNetwork network() {
    return spark.getNetwork();
  }
}
