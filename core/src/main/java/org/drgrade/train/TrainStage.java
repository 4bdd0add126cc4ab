package org.drgrade.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.drgrade.config.ConfigError;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.AveragingTrainer;
import org.drgrade.engine.DistributedTrainer;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.EpochFit;
import org.drgrade.engine.GpuTasks;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.ModelSummary;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.drgrade.engine.TrainingWorkers;
import org.drgrade.folds.PatientSplit;
import org.drgrade.grading.EvaluationState;
import org.drgrade.grading.MetricValue;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
import org.drgrade.io.StageMarker;
import org.drgrade.model.Augmenter;
import org.drgrade.model.InputContract;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.model.Standardisation;
import org.drgrade.model.TrainedPatients;
import org.drgrade.preprocess.ChannelStats;
import org.drgrade.preprocess.ChannelStatsTable;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessedTable;

/**
 * Stage 3: train docs/method.md's network with synchronous parameter averaging on the executors, on
 * the configured engine (DL4J or libtorch). Patients are split once (saved in split/, reused on
 * resume); every epoch draws fresh crops and flips on the executors, fits, evaluates validation
 * centre crops on the executors, and saves a checkpoint. Started again on the same output it
 * resumes after the last complete checkpoint.
 */
public final class TrainStage {
  /** The Spark job group of epoch N's training jobs: this prefix and N (1-based). */
  public static final String EPOCH_JOB_GROUP = "drgrade-train-epoch-";

  private static final Logger LOG = LogManager.getLogger(TrainStage.class);

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final HadoopFiles files;

  public TrainStage(SparkSession spark) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Trains into {@code cfg.output()} and writes the model: one network on a patient split, or with
   * drgrade.train.folds = K > 1 one per patient fold ({@link CrossValidatedTraining}).
   */
  public TrainSummary run(TrainConfig cfg) {
    // The engine's own start-up check (DL4J: the driver's ND4J backend and its GPU's kernels); a
    // torch run is never held to ND4J's CUDA 11.6 limits.
    cfg.engine().checkDriver();
    return new Stage(files, cfg.output()).run(() -> train(cfg));
  }

  /** The stage's own work: the network(s) and the model directory. */
  private TrainSummary train(TrainConfig settings) {
    TrainConfig cfg = towardGradedPopulation(settings);
    if (cfg.folds() > 1) {
      CrossValidatedTraining cv = new CrossValidatedTraining(spark, this);
      TrainSummary summary = cv.run(cfg);
      writeModel(cfg, cv.foldRuns(cfg), summary);
      return summary;
    }
    TrainSummary summary = trainSplit(cfg, SINGLE_SPLIT, cfg);
    writeModel(cfg, List.of(cfg), summary);
    return summary;
  }

  /** The fold argument of {@link #trainSplit} for a run that is not a cross-validation fold. */
  static final int SINGLE_SPLIT = -1;

  /**
   * A new network; with drgrade.train.warm-start, its tensors that match the given model's network
   * (the last one, or fold {@code fold}'s last one) copied in: progressive resizing. {@code run} is
   * the whole run's configuration, whose saved split/ warm start compares with the model's.
   */
  private GradingNetwork fresh(TrainConfig cfg, Engine engine, int fold, TrainConfig run) {
    if (cfg.warmStart().isEmpty()) {
      return engine.create(cfg.network());
    }
    // Checked before the network exists: a refused source leaves nothing to close.
    WarmStart.Source source = WarmStart.source(files, cfg, engine, fold, () -> patients(run));
    GradingNetwork net = engine.create(cfg.network());
    try (GradingNetwork from = engine.read(source.bytes())) {
      List<String> copied = net.warmStartFrom(from);
      LOG.info(
          "train: warm start from {} ({}): {} of its tensors copied, the rest freshly initialised",
          source.what(),
          cfg.warmStart(),
          copied.size());
    }
    return net;
  }

  /** The labelled images of the preprocess output: image, patient, level, png, train_only. */
  Dataset<Row> labelledImages(TrainConfig cfg) {
    return PreprocessedTable.images(spark, cfg.input())
        .filter(col("level").isNotNull())
        .select("image", "patient", "level", "png", "train_only");
  }

  /**
   * With training-only images (drgrade.ingest.extra-images) and class-balance.toward = "training",
   * the run resamples towards the grade mix of the labelled images that are not training-only: the
   * population to be graded. Extra data of another mix would otherwise become the network's prior
   * (docs/benchmarks.md, "More data on today's default": a loss as it comes, a gain drawn towards
   * the graded patients' mix). Only grade counts are used, over all labelled patients (a screening
   * programme's known prevalence), never an individual validation label.
   */
  private TrainConfig towardGradedPopulation(TrainConfig cfg) {
    Dataset<Row> labelled = labelledImages(cfg).select("level", "train_only");
    long trainOnly = labelled.filter(col("train_only")).count();
    if (trainOnly == 0) {
      return cfg;
    }
    long[] graded = imagesPerGrade(labelled.filter(not(col("train_only"))));
    if (Arrays.stream(graded).sum() == 0) {
      throw new ConfigError(
          "every labelled image in "
              + cfg.input()
              + " is training-only (drgrade.ingest.extra-images): there are no patients to validate"
              + " on; give the graded images as drgrade.ingest.images");
    }
    if (cfg.classBalance().toward() != null) {
      LOG.info(
          "train: {} training-only images; resampling towards the configured mix {}",
          trainOnly,
          Arrays.toString(cfg.classBalance().toward()));
      return cfg;
    }
    double total = Arrays.stream(graded).sum();
    double[] mix = Arrays.stream(graded).mapToDouble(n -> n / total).toArray();
    LOG.info(
        "train: {} training-only images; resampling towards the graded images' mix {} (images per"
            + " grade {}; drgrade.train.class-balance.toward sets another)",
        trainOnly,
        Arrays.toString(Arrays.stream(mix).map(m -> Math.round(m * 1000) / 1000.0).toArray()),
        Arrays.toString(graded));
    ClassBalance balance = cfg.classBalance();
    return cfg.withClassBalance(new ClassBalance(balance.start(), balance.decay(), mix));
  }

  /**
   * One network trained on a patient split (the saved one in {@code <output>/split}, or a new one),
   * with checkpoints, epochs and metrics under {@code cfg.output()}; its caller's {@link Stage}
   * clears and marks that output and writes the summary returned. {@code run} is the run {@code
   * cfg} is part of: {@code cfg} itself, or a cross-validated run for fold {@code fold}.
   */
  TrainSummary trainSplit(TrainConfig settings, int fold, TrainConfig run) {
    long start = System.nanoTime();
    int workers = TrainingWorkers.resolve(sc, settings.workers(), settings.taskGpus());
    // The learning rates for that many workers (linear scaling with warm-up, or as configured).
    TrainConfig cfg = settings.forWorkers(workers);
    Dataset<Row> labelled = labelledImages(cfg);
    Dataset<Row> split = split(cfg, labelled);
    Dataset<Row> withSplit = labelled.join(split, "patient");
    Dataset<Row> train =
        withSplit
            .filter(col("split").equalTo(PatientSplit.TRAIN))
            .repartition(workers)
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    // A patient with graded and training-only images is validated on its graded ones alone; its
    // training-only ones then sit out (training on them would train on a validation patient).
    Dataset<Row> validation =
        withSplit
            .filter(col("split").equalTo(PatientSplit.VALIDATION).and(not(col("train_only"))))
            .repartition(Math.max(1, workers))
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    long trainImages = train.count();
    long[] imagesPerGrade = cfg.classBalance().enabled() ? imagesPerGrade(train) : null;
    long valImages = validation.count();
    if (trainImages == 0) {
      throw new IllegalStateException("no labelled training images in " + cfg.input());
    }
    if (imagesPerGrade != null) {
      try {
        cfg.classBalance().draws(imagesPerGrade, 0); // fail before the first epoch, not in it
      } catch (IllegalArgumentException e) {
        throw new ConfigError("drgrade.train.class-balance.toward: " + e.getMessage(), e);
      }
    }

    // Standardised with the training side's statistics alone, kept beside its checkpoints for the
    // model (a validation patient's pixels never shape what the network is trained on).
    ChannelStats stats =
        ChannelStatsTable.merged(
            spark
                .read()
                .parquet(PreprocessedTable.manifestDir(cfg.input()))
                .filter(col("status").equalTo(PreprocessedTable.OK))
                .join(train.select("image"), "image", "left_semi"));
    ChannelStatsTable.write(files, cfg.output(), stats);
    LOG.info(
        "train: channel statistics of the {} training images ({} pixels): {}",
        trainImages,
        stats.count(),
        Standardisation.of(stats));
    Augmenter augmenter =
        new Augmenter(
            cfg.sourceSize(), cfg.network().inputSize(), Standardisation.of(stats), cfg.seed());
    CheckpointStore store = new CheckpointStore(files, cfg.output());
    store.removeIncomplete();
    var latest = store.latest();
    Engine engine = cfg.engine();
    int threads =
        cfg.threads() > 0 ? cfg.threads() : AveragingTrainer.threadsPerExecutor(sc.getConf());
    engine.useThreads(
        threads); // before the driver's network: in local mode the tasks share this JVM
    if (latest.isPresent()) {
      Engine writer = Engines.writerOf(store.modelBytes(latest.get()));
      if (!writer.id().equals(engine.id())) {
        throw new ConfigError(
            "drgrade.train.engine is '"
                + engine.id()
                + "' but the checkpoints in "
                + cfg.output()
                + " were written by '"
                + writer.id()
                + "': resume with drgrade.train.engine = "
                + writer.id()
                + ", or train into a new output");
      }
    }
    GradingNetwork net =
        latest.map(c -> store.load(c, engine)).orElseGet(() -> fresh(cfg, engine, fold, run));
    if (net.head() != cfg.network().head()) {
      // The checkpoint's head would silently win; a run from before regression became the default
      // must say so rather than train and report one head under the other's name.
      OutputHead kept = net.head();
      net.close();
      throw new ConfigError(
          "drgrade.train.head is '"
              + cfg.network().head().id()
              + "' but the checkpoints in "
              + cfg.output()
              + " have a '"
              + kept.id()
              + "' head: resume with drgrade.train.head = "
              + kept.id()
              + ", or train into a new output");
    }
    int first = latest.map(c -> c.epoch() + 1).orElse(0);
    LOG.info(
        "train: engine {}, {} train / {} validation images, {} workers, batch {}, crop {} of {}; {}",
        engine.id(),
        trainImages,
        valImages,
        workers,
        cfg.batchSize(),
        cfg.network().inputSize(),
        cfg.sourceSize(),
        latest
            .map(c -> "resuming after epoch " + (c.epoch() + 1) + " from " + c.dir())
            .orElse("starting from scratch"));
    files.writeText(
        HadoopFiles.join(cfg.output(), "model_summary.txt"), ModelSummary.of(cfg.network()).text());

    DistributedTrainer trainer =
        engine.trainer(
            sc,
            net,
            new AveragingPlan(
                workers,
                cfg.batchSize(),
                cfg.averagingFrequency(),
                cfg.seed(),
                threads,
                cfg.taskGpus(),
                cfg.gpuRequired(),
                cfg.averaging().trainer()));
    ResourceProfile gpuProfile = GpuTasks.profile(sc.getConf(), cfg.taskGpus());
    if (GpuTasks.gpusGiven(sc, gpuProfile)) {
      // Before the first minibatch: every worker's task on the GPU it is given, or one line.
      GpuTasks.preflight(sc, engine, workers, gpuProfile, cfg.gpuRequired());
    }
    long batches = (trainImages + cfg.batchSize() - 1) / cfg.batchSize();
    double spent = 0;
    for (int epoch = first; epoch < cfg.epochs(); epoch++) {
      long t0 = System.nanoTime();
      double[] draws = null;
      if (cfg.classBalance().enabled()) {
        draws = cfg.classBalance().draws(imagesPerGrade, epoch);
        LOG.info(
            "train: epoch {} draws per image by grade {} ({} % of the uniform mix)",
            epoch + 1,
            Arrays.toString(Arrays.stream(draws).map(d -> Math.round(d * 100) / 100.0).toArray()),
            Math.round(cfg.classBalance().balancedShare(epoch) * 100));
      }
      EpochBatches plan =
          new EpochBatches(augmenter, cfg.sourceSize(), cfg.batchSize(), epoch, cfg.seed(), draws);
      // The epoch's jobs as one group in the Spark UI and to listeners (bench scale reads them).
      sc.setJobGroup(
          EPOCH_JOB_GROUP + (epoch + 1), "train: epoch " + (epoch + 1) + "/" + cfg.epochs(), false);
      EpochFit fit;
      try {
        fit = trainer.fitEpoch(train.javaRDD().mapPartitions(plan), plan.decoder(), epoch);
      } finally {
        sc.clearJobGroup();
      }
      double loss = fit.loss();
      requireFinite(trainer.network(), epoch, cfg, loss);
      double seconds = (System.nanoTime() - t0) / 1e9;
      EvaluationState val =
          valImages == 0
              ? new EvaluationState()
              : Evaluator.evaluate(
                  sc,
                  validation.javaRDD(),
                  trainer.network(),
                  augmenter,
                  cfg.sourceSize(),
                  cfg.batchSize(),
                  threads);
      EpochMetrics m =
          new EpochMetrics(
              epoch,
              cfg.epochs(),
              batches,
              trainImages,
              seconds,
              cfg.network().rateAt(epoch),
              loss,
              val.images() > 0 ? val.logLoss() : Double.NaN,
              valueOrNull(val.agreement().kappa()),
              valueOrNull(val.agreement().accuracy()),
              val.images(),
              fit.rounds());
      // The epoch's figures first, then the checkpoint: a kill between the two must not leave a
      // checkpoint a rerun
      // resumes after whose epoch has no epochs/epoch-NNNN.json (a rerun of an epoch overwrites its
      // file).
      EpochMetrics.save(files, cfg.output(), m);
      store.save(
          trainer.network(),
          new CheckpointMeta(
              epoch,
              Math.toIntExact(trainer.network().iterations()),
              trainImages,
              loss,
              m.valLogLoss(),
              val.agreement().kappa(),
              val.agreement().accuracy()),
          cfg.keepCheckpoints());
      EpochMetrics.writeTable(spark, EpochMetrics.history(files, cfg.output()), cfg.output());
      spent += (System.nanoTime() - t0) / 1e9;
      LOG.info(m.line(spent / (epoch - first + 1) * (cfg.epochs() - epoch - 1)));
    }
    train.unpersist();
    validation.unpersist();

    TrainSummary summary =
        new TrainSummary(
            "train",
            cfg.output(),
            cfg.epochs(),
            first,
            trainImages,
            valImages,
            EpochMetrics.history(files, cfg.output()),
            store.complete().stream().map(CheckpointStore.Checkpoint::dir).toList(),
            ModelSummary.of(cfg.network()).referenceParams(),
            (System.nanoTime() - start) / 1e9,
            1);
    return summary;
  }

  /**
   * The model directory: the last K checkpoints' networks and the contract they were trained under
   * (preprocessing parameters and the channel standardisation this run used), so prediction never
   * looks at preprocess's current outputs again. Blend and decide add their fitted state later.
   */
  private void writeModel(TrainConfig cfg, List<TrainConfig> runs, TrainSummary summary) {
    List<byte[]> networks = new ArrayList<>();
    List<Integer> epochs = new ArrayList<>();
    List<Integer> networkFolds = new ArrayList<>();
    for (int fold = 0; fold < runs.size(); fold++) {
      CheckpointStore store = new CheckpointStore(files, runs.get(fold).output());
      List<CheckpointStore.Checkpoint> all = store.complete();
      for (var c : all.subList(Math.max(0, all.size() - cfg.modelNetworks()), all.size())) {
        networks.add(store.modelBytes(c));
        epochs.add(c.epoch());
        networkFolds.add(fold);
      }
    }
    // Each run's own training statistics, as its networks were trained with; a cross-validated
    // model's overall figure is all folds' training images together, which are all labelled ones.
    List<Standardisation> perRun =
        runs.stream()
            .map(r -> Standardisation.of(ChannelStatsTable.read(files, r.output())))
            .toList();
    Standardisation overall =
        runs.size() == 1
            ? perRun.get(0)
            : Standardisation.of(ChannelStatsTable.read(files, cfg.input()));
    PreprocessConfig parameters = PreprocessStage.parameters(files, cfg.input());
    var contract =
        new InputContract(
            cfg.sourceSize(),
            cfg.network().inputSize(),
            InputContract.preprocessingOf(parameters),
            parameters,
            List.of("R", "G", "B"),
            overall,
            runs.size() > 1 ? perRun : List.of());
    EpochMetrics last =
        summary.history().isEmpty() ? null : summary.history().get(summary.history().size() - 1);
    var training =
        new ModelDescriptor.TrainingRecord(
            cfg.epochs(),
            summary.trainImages(),
            summary.validationImages(),
            epochs,
            last == null || Double.isNaN(last.valLogLoss()) ? null : last.valLogLoss(),
            last == null ? null : last.valKappa(),
            summary.referenceParams(),
            cfg.seed(),
            labelledImages(cfg).filter(col("train_only")).count(),
            cfg.classBalance().toward(),
            cfg.warmStart());
    var descriptor =
        new ModelDescriptor(
            ModelDescriptor.FORMAT_VERSION,
            cfg.engine().id(),
            Instant.now().toString(),
            contract,
            ModelDescriptor.ClassScheme.fiveGradeSoftmax(),
            List.of(),
            runs.size() > 1 ? networkFolds : List.of(),
            training,
            null,
            null,
            null);
    new ModelStore(files, cfg.model()).create(descriptor, networks, patients(cfg));
    LOG.info(
        "train: model written to {} ({} networks of {} run(s), epochs {})",
        cfg.model(),
        networks.size(),
        runs.size(),
        training.networkEpochs());
  }

  /**
   * The saved split of this run, or a new one (saved before any training so a resume reuses it).
   */
  private Dataset<Row> split(TrainConfig cfg, Dataset<Row> labelled) {
    String dir = HadoopFiles.join(cfg.output(), "split");
    if (!StageMarker.isComplete(files, dir)) {
      List<PatientSplit.Patient> patients = new ArrayList<>();
      List<String> trainOnly = new ArrayList<>();
      for (Row r : byPatient(labelled).collectAsList()) {
        if (r.getBoolean(2)) {
          trainOnly.add(r.getString(0));
        } else {
          patients.add(new PatientSplit.Patient(r.getString(0), r.getInt(1)));
        }
      }
      Map<String, String> split =
          new HashMap<>(PatientSplit.assign(patients, cfg.validationFraction(), cfg.seed()));
      trainOnly.forEach(p -> split.put(p, PatientSplit.TRAIN));
      SplitTable.write(spark, cfg.output(), split);
    }
    return spark.read().parquet(dir);
  }

  /**
   * One row per patient: patient, worse grade, and whether every image of theirs is training-only
   * (such a patient is never validated on; one with any graded image is dealt like any other).
   */
  static Dataset<Row> byPatient(Dataset<Row> labelled) {
    return labelled
        .groupBy("patient")
        .agg(max("level"), min(col("train_only").cast("int")).equalTo(1).as("train_only"));
  }

  /**
   * The patients a run dealt, read back from its saved split/: a cross-validated run's
   * patient-to-fold map, or a single split's two sides.
   */
  private TrainedPatients patients(TrainConfig run) {
    String dir = HadoopFiles.join(run.output(), "split");
    if (run.folds() > 1) {
      Map<String, Integer> fold = new HashMap<>();
      for (Row r : spark.read().parquet(dir).select("patient", "fold").collectAsList()) {
        fold.put(r.getString(0), r.getInt(1));
      }
      return TrainedPatients.ofFolds(run.folds(), fold);
    }
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (Row r : spark.read().parquet(dir).select("patient", "split").collectAsList()) {
      (PatientSplit.VALIDATION.equals(r.getString(1)) ? validation : train).add(r.getString(0));
    }
    return TrainedPatients.ofSplit(train, validation);
  }

  /**
   * Stops a run whose weights or outputs overflowed (too high a learning rate for the data, a loss
   * that exploded) before the epoch is checkpointed: a NaN or infinite weight would otherwise be
   * kept and resumed from, and fail only later, in predict, on outputs that are not numbers. The
   * last good checkpoint stays the one a rerun resumes after.
   */
  private static void requireFinite(GradingNetwork net, int epoch, TrainConfig cfg, double loss) {
    float[] w = net.parameters();
    int bad = 0;
    for (float v : w) {
      if (!Float.isFinite(v)) {
        bad++;
      }
    }
    String what =
        bad > 0
            ? String.format(
                Locale.ROOT, "%d of the network's %d weights are no longer finite", bad, w.length)
            : nonFiniteOutputs(net, cfg);
    if (what != null) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "train: epoch %d/%d diverged: %s"
                  + " (mean training loss of the epoch's finite minibatches %s, learning rate %s);"
                  + " the epoch was not checkpointed: lower drgrade.train.learning-rates and rerun,"
                  + " which resumes after the last checkpoint in %s",
              epoch + 1,
              cfg.epochs(),
              what,
              loss,
              cfg.network().rateAt(epoch),
              cfg.output()));
    }
  }

  /**
   * Weights can stay finite yet be so large that every output overflows: the network is then as
   * diverged as one with infinite weights, and validation would fail on its NaN grades. A forward
   * pass over two standardised-like inputs (N(0, 1) per value, seeded) on the driver tells; null
   * when its outputs are finite.
   */
  private static String nonFiniteOutputs(GradingNetwork net, TrainConfig cfg) {
    int size = cfg.network().inputSize();
    java.util.SplittableRandom random = new java.util.SplittableRandom(cfg.seed());
    List<float[]> probe = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      float[] image = new float[3 * size * size];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) random.nextGaussian();
      }
      probe.add(image);
    }
    float[][] p;
    try {
      p = net.predict(Minibatch.of(probe, null, 3, size));
    } catch (IllegalArgumentException e) { // the regression head refuses a non-finite grade
      return "its outputs are no longer finite (" + e.getMessage() + ")";
    }
    for (float[] row : p) {
      for (float v : row) {
        if (!Float.isFinite(v)) {
          return "its outputs are no longer finite";
        }
      }
    }
    return null;
  }

  /** Training images per grade (index = grade), for the class-balanced resampling. */
  private static long[] imagesPerGrade(Dataset<Row> train) {
    long[] counts = new long[NetworkSpec.CLASSES];
    for (Row r : train.groupBy("level").count().collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    return counts;
  }

  private static Double valueOrNull(MetricValue v) {
    return v.defined() ? v.value() : null;
  }
}
