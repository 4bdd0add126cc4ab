package org.drgrade.engine.dl4j;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.BatchDecoder;
import org.drgrade.engine.DistributedTrainer;
import org.drgrade.engine.Engines;
import org.drgrade.engine.EpochFit;
import org.drgrade.engine.GpuTasks;
import org.drgrade.engine.OutputHead;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Training by one of DL4J's own Spark masters, fed the epoch's decoded minibatches: {@code
 * drgrade.train.averaging = dl4j-master}, synchronous parameter averaging by {@link
 * ParameterAveragingTrainingMaster} (each worker fits {@code averagingFrequency} minibatches from
 * the same parameters, then parameters and updater state are averaged), or {@code dl4j-shared},
 * asynchronous gradient sharing by DL4J's SharedTrainingMaster ({@link GradientSharing}). drgrade's
 * own trainers are the other choice, with the data flow that scales (docs/benchmarks.md,
 * "Scaling"). Minibatches are fed directly from the epoch's RDD (persisted for the epoch, since
 * both masters count it before splitting), not exported to files: augmentation differs every epoch,
 * so an export would be written once and read once.
 */
public final class Dl4jMasterTrainer implements DistributedTrainer {
  private static final Logger LOG = LogManager.getLogger(Dl4jMasterTrainer.class);

  /** The name of the RDD DL4J fits from (in the Spark UI and event log). */
  public static final String FIT_RDD = "drgrade: minibatches placed on the task's GPU";

  private final SparkDl4jMultiLayer spark;
  private Dl4jNetwork current;
  private final ResourceProfile gpuProfile;
  private final boolean gpuRequired;
  private final WorkerLoss loss;
  private final boolean sharing;
  private final String master;
  private final int batchSize;

  private Dl4jMasterTrainer(
      JavaSparkContext sc, Dl4jNetwork net, AveragingPlan plan, TrainingMaster<?, ?> master) {
    this.spark = new SparkDl4jMultiLayer(sc, net.multiLayerNetwork(), master);
    this.current = net;
    this.loss = new WorkerLoss(sc);
    spark.setListeners(loss);
    this.gpuProfile = GpuTasks.profile(sc.getConf(), plan.taskGpus());
    this.gpuRequired = plan.gpuRequired();
    this.sharing = master instanceof SharedTrainingMaster;
    this.master = master.getClass().getSimpleName();
    this.batchSize = plan.batchSize();
  }

  /** DL4J's parameter averaging ({@code dl4j-master}). */
  static Dl4jMasterTrainer parameterAveraging(
      JavaSparkContext sc, Dl4jNetwork net, AveragingPlan plan) {
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
            // No cache of its own: fitEpoch caches the decoded minibatches one step above, so each
            // fitting task still runs fitEpoch's per-task step, which reports its images fitted.
            .storageLevel(null)
            .rngSeed(plan.seed())
            .build();
    return new Dl4jMasterTrainer(sc, net, plan, master);
  }

  /** DL4J's gradient sharing ({@code dl4j-shared}). */
  static Dl4jMasterTrainer gradientSharing(
      JavaSparkContext sc, Dl4jNetwork net, AveragingPlan plan) {
    return new Dl4jMasterTrainer(sc, net, plan, GradientSharing.master(sc, plan));
  }

  @Override
  public <B> EpochFit fitEpoch(JavaRDD<B> minibatches, BatchDecoder<B> decoder, int epoch) {
    // The learning-rate schedule reads the epoch from the configuration the workers receive.
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch);
    OutputHead head = Dl4jNetwork.headOf(spark.getNetwork());
    // Both masters count, split and re-read their RDD per split, so they get decoded tensors (the
    // compact minibatches decoded once per epoch, cached serialised); drgrade's trainer decodes per
    // round instead.
    JavaRDD<DataSet> batches =
        minibatches.map(batch -> Dl4jNetwork.dataSet(decoder.decode(batch), head));
    JavaRDD<DataSet> placed = gpuProfile == null ? batches : batches.withResources(gpuProfile);
    JavaRDD<DataSet> persisted = placed.persist(StorageLevel.MEMORY_AND_DISK_SER());
    boolean required = gpuRequired;
    boolean prepareAeron = sharing;
    WorkerLoss worker = loss;
    // In the fitting task's own thread, before DL4J's worker builds its network there: ND4J's
    // device affinity set to the GPU Spark gave the task (and Aeron readied for gradient sharing).
    JavaRDD<DataSet> onDevice =
        persisted.mapPartitions(
            partition -> {
              GpuTasks.place(Engines.of(Dl4jEngine.ID), required);
              if (prepareAeron) {
                GradientSharing.prepareAeron();
              }
              worker.handOnAtTaskEnd();
              return partition;
            },
            true);
    onDevice.setName(FIT_RDD);
    WorkerLoss.Tally tally;
    long[] images;
    int batch = batchSize;
    try {
      // The epoch's images, and those in partial minibatches. Materialises the cache the master
      // then counts and fits from.
      images =
          persisted
              .map(
                  ds ->
                      new long[] {
                        ds.numExamples(), ds.numExamples() < batch ? ds.numExamples() : 0
                      })
              .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      spark.fit(onDevice);
      tally = loss.take();
    } finally {
      persisted.unpersist(false);
    }
    checkFitted(master, tally.images(), images[0], images[1], epoch);
    spark.getNetwork().getLayerWiseConfigurations().setEpochCount(epoch + 1);
    return new EpochFit(tally.meanLoss(), null);
  }

  /**
   * DL4J's workers log an exception in a fit as a warning and go on with the next minibatch, so the
   * driver checks the images fitted in an epoch. DL4J may leave out partial minibatches (parameter
   * averaging with one worker fits 40 of 42 images, leaving out the last 2); fewer than the epoch's
   * images less those in partial minibatches, or none at all, stops the run with what happened.
   */
  static void checkFitted(String master, long fitted, long images, long partial, int epoch) {
    if (images > 0 && (fitted == 0 || fitted < images - partial)) {
      throw new IllegalStateException(
          "DL4J's "
              + master
              + " fitted "
              + fitted
              + " of the epoch's "
              + images
              + " images in epoch "
              + (epoch + 1)
              + ": its workers' fits failed (the executors' logs say why, after 'Exception"
              + " encountered during fit operation'); drgrade stops rather than train on fewer"
              + " images than it reports");
    }
    if (fitted != images) {
      LOG.info(
          "DL4J's {} fitted {} of the epoch's {} images in epoch {} (it leaves out a last partial"
              + " minibatch)",
          master,
          fitted,
          images,
          epoch + 1);
    }
  }

  @Override
  public Dl4jNetwork network() {
    if (current.multiLayerNetwork() != spark.getNetwork()) {
      current = new Dl4jNetwork(spark.getNetwork());
    }
    return current;
  }
}
