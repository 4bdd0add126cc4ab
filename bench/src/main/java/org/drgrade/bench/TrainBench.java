package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.bench.TrainBenchReport.Comparison;
import org.drgrade.bench.TrainBenchReport.Entry;
import org.drgrade.bench.TrainBenchReport.PeerResult;
import org.drgrade.bench.TrainBenchReport.Rate;
import org.drgrade.bench.TrainBenchReport.SizeResult;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.BatchDecoder;
import org.drgrade.engine.DistributedTrainer;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.dl4j.Dl4jMasterTrainer;
import org.drgrade.engine.dl4j.NetworkFactory;
import org.drgrade.spark.SparkSessions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference throughput of the grading network on random data: (a) one JVM calling
 * {@code MultiLayerNetwork.fit} in a loop, in several variants (batch size, NHWC, workspaces,
 * oneDNN helpers off), and (b) Spark local[2] with {@link Dl4jMasterTrainer} (DL4J's parameter
 * averaging) on the same number of images, timed around {@code fitEpoch} only. Within a round every
 * variant is timed once, back to back, so ratios between variants are fair on a shared machine.
 *
 * <p>Run: {@code java <flags of submit/drgrade> -cp target/drgrade.jar:$(cat target/classpath.txt)
 * org.drgrade.bench.TrainBench --sizes 448,112 --batches 4 --repeat 2}
 */
public final class TrainBench implements AutoCloseable {
  private static final String DL4J = "dl4j";
  private static final String TORCH = "torch";

  private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
  private static final int SPARK_WORKERS = 2;

  private final TrainBenchSettings settings;
  private SparkSession spark;
  private final Map<String, DistributedTrainer> trainers = new HashMap<>();
  private int sparkEpoch;

  private TrainBench(TrainBenchSettings settings) {
    this.settings = settings;
  }

  public static TrainBenchReport run(TrainBenchSettings settings) {
    long start = System.nanoTime();
    try (TrainBench bench = new TrainBench(settings)) {
      List<SizeResult> sizes = settings.sizes().stream().map(bench::measureSize).toList();
      PeerResult peer = settings.peer().map(p -> bench.peer(p, sizes)).orElse(null);
      return new TrainBenchReport(
          Runtime.getRuntime().availableProcessors(),
          Nd4j.getEnvironment().maxThreads(),
          "false".equals(System.getProperty(HELPERS_DISABLE)),
          settings.batches(),
          settings.repeat(),
          (System.nanoTime() - start) / 1e9,
          sizes,
          peer);
    }
  }

  private record SingleRun(Boolean oneDnnConv, double forward, double train) {}

  private SizeResult measureSize(int size) {
    Map<TrainVariant, List<Double>> train = new EnumMap<>(TrainVariant.class);
    Map<TrainVariant, List<Double>> forward = new EnumMap<>(TrainVariant.class);
    Map<TrainVariant, Boolean> oneDnn = new EnumMap<>(TrainVariant.class);
    for (int round = 0; round < settings.repeat(); round++) {
      for (TrainVariant variant : settings.variants()) {
        if (!settings.runs(variant, size)) {
          continue;
        }
        if (variant.spark()) {
          train
              .computeIfAbsent(variant, v -> new ArrayList<>())
              .add(sparkTrainRate(variant.engine(), size));
        } else {
          SingleRun run =
              variant.engine().id().equals(TORCH)
                  ? singleTorch(variant, size)
                  : single(variant, size);
          train.computeIfAbsent(variant, v -> new ArrayList<>()).add(run.train());
          forward.computeIfAbsent(variant, v -> new ArrayList<>()).add(run.forward());
          oneDnn.put(variant, run.oneDnnConv());
        }
      }
    }
    List<Entry> entries =
        train.keySet().stream()
            .map(
                v ->
                    new Entry(
                        v.label(),
                        v.engine().id(),
                        v.batch(settings.batch()),
                        v.engine().id().equals(DL4J) ? v.workspaces().name() : null,
                        v.engine().id().equals(DL4J) ? v.helpers() : null,
                        oneDnn.get(v),
                        Rate.of(train.get(v)),
                        forward.containsKey(v) ? Rate.of(forward.get(v)) : null,
                        note(v)))
            .toList();
    return new SizeResult(
        size,
        entries,
        ratio(train.get(TrainVariant.SPARK_LOCAL2), train.get(TrainVariant.DEFAULT)),
        ratio(train.get(TrainVariant.TORCH_SPARK_LOCAL2), train.get(TrainVariant.TORCH)));
  }

  /** a/b round by round (the two were timed back to back), or null if either was not run. */
  private static Rate ratio(List<Double> a, List<Double> b) {
    return a == null || b == null
        ? null
        : Rate.of(IntStream.range(0, a.size()).mapToObj(i -> a.get(i) / b.get(i)).toList());
  }

  /**
   * Runs the PyTorch peer (NCHW and channels-last) after drgrade's own runs, and sets the torch
   * engine's figures beside it on the peer's configurations: training 448 px batch 8 (the "torch"
   * variant at the base batch), training 128 px batch 32 ("torch-batch32"), inference 448 px batch
   * 8.
   */
  private PeerResult peer(TorchPeer peer, List<SizeResult> sizes) {
    JsonNode nchw = peer.run(false, settings.peerIters());
    JsonNode channelsLast = peer.run(true, settings.peerIters());
    List<Comparison> comparisons = new ArrayList<>();
    comparisons.add(
        compare(
            "train 448 px batch 8",
            find(sizes, 448, "torch", 8, true),
            nchw,
            channelsLast,
            "train_S448"));
    comparisons.add(
        compare(
            "train 128 px batch 32",
            find(sizes, 128, "torch-batch32", 32, true),
            nchw,
            channelsLast,
            "train_S128"));
    comparisons.add(
        compare(
            "inference 448 px batch 8",
            find(sizes, 448, "torch", 8, false),
            nchw,
            channelsLast,
            "infer_S448"));
    return new PeerResult(
        peer.script().toString(),
        nchw,
        channelsLast,
        comparisons.stream().filter(c -> c != null).toList());
  }

  private static Comparison compare(
      String what, Double drgrade, JsonNode nchw, JsonNode channelsLast, String key) {
    if (drgrade == null) {
      return null;
    }
    double a = TorchPeer.rate(nchw, key);
    double b = TorchPeer.rate(channelsLast, key);
    double best = Math.max(a, b);
    return new Comparison(
        what, "torch engine, one JVM", round(drgrade), a, b, round(drgrade / best));
  }

  /** The median rate of a variant at a size and batch, training or forward; null if not timed. */
  private static Double find(
      List<SizeResult> sizes, int size, String variant, int batch, boolean train) {
    return sizes.stream()
        .filter(s -> s.size() == size)
        .flatMap(s -> s.variants().stream())
        .filter(e -> e.variant().equals(variant) && e.batch() == batch)
        .map(e -> train ? e.train() : e.forward())
        .filter(r -> r != null)
        .map(Rate::median)
        .findFirst()
        .orElse(null);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private String note(TrainVariant variant) {
    if (!variant.spark()) {
      return "one JVM, fit/output in a loop after one warm-up minibatch";
    }
    String threads =
        variant.engine().id().equals(TORCH)
            ? "each worker's libtorch uses the JVM's one fixed intra-op thread count (the first"
                + " network built fixes it: the one-JVM variants' default when they ran first)"
            : "each worker's fit uses omp_threads native threads";
    return SPARK_WORKERS
        + " workers (task threads of local[2]) each fit "
        + settings.batches() / SPARK_WORKERS
        + " minibatches, then one parameter averaging (averaging frequency "
        + settings.batches() / SPARK_WORKERS
        + "; the pipeline's default is 5); "
        + threads
        + "; timed around fitEpoch after one warm-up epoch; minibatches are generated on the executors";
  }

  private SingleRun single(TrainVariant variant, int size) {
    int batch = variant.batch(settings.batch());
    MultiLayerNetwork net = network(variant, size);
    boolean oneDnn = ((ConvolutionLayer) net.getLayer(0)).getHelper() != null;
    DataSet data = randomBatch(batch, size);

    net.output(data.getFeatures(), false);
    long start = System.nanoTime();
    for (int i = 0; i < settings.batches(); i++) {
      net.output(data.getFeatures(), false);
    }
    double forward = imagesPerSecond(batch, start);

    net.fit(data);
    start = System.nanoTime();
    for (int i = 0; i < settings.batches(); i++) {
      net.fit(data);
    }
    double train = imagesPerSecond(batch, start);
    // Workspaces stay with the thread at their largest size; dropping them keeps the peak at one
    // network's (two variants' workspaces at 448 plus the Spark workers' overran 23 GB).
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    return new SingleRun(oneDnn, forward, train);
  }

  /** The torch engine in this JVM: predict (inference mode) and fit in a loop, as DL4J's above. */
  private SingleRun singleTorch(TrainVariant variant, int size) {
    int batch = variant.batch(settings.batch());
    Minibatch data = randomMinibatch(batch, size, 1);
    try (GradingNetwork net =
        Engines.of(TORCH).create(NetworkSpec.reference().withInputSize(size))) {
      net.predict(data);
      long start = System.nanoTime();
      for (int i = 0; i < settings.batches(); i++) {
        net.predict(data);
      }
      double forward = imagesPerSecond(batch, start);
      net.fit(data);
      start = System.nanoTime();
      for (int i = 0; i < settings.batches(); i++) {
        net.fit(data);
      }
      return new SingleRun(null, forward, imagesPerSecond(batch, start));
    }
  }

  private double imagesPerSecond(int batch, long start) {
    return (double) batch * settings.batches() / ((System.nanoTime() - start) / 1e9);
  }

  private static MultiLayerNetwork network(TrainVariant variant, int size) {
    MultiLayerConfiguration conf =
        NetworkFactory.configuration(NetworkSpec.reference().withInputSize(size));
    conf.setTrainingWorkspaceMode(variant.workspaces());
    conf.setInferenceWorkspaceMode(variant.workspaces());
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    String flag = System.getProperty(HELPERS_DISABLE);
    // DL4J reads the flag as each layer is created, so flipping it around init gives the slow Java
    // path.
    if (!variant.helpers()) {
      System.setProperty(HELPERS_DISABLE, "true");
    }
    try {
      net.init();
    } finally {
      if (flag == null) {
        System.clearProperty(HELPERS_DISABLE);
      } else {
        System.setProperty(HELPERS_DISABLE, flag);
      }
    }
    return net;
  }

  static DataSet randomBatch(int batch, int size) {
    long[] shape = {batch, 3, size, size};
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, NetworkSpec.CLASSES);
    for (int n = 0; n < batch; n++) {
      labels.putScalar(n, n % NetworkSpec.CLASSES, 1f);
    }
    return new DataSet(Nd4j.rand(DataType.FLOAT, shape), labels);
  }

  private double sparkTrainRate(Engine engine, int size) {
    DistributedTrainer trainer =
        trainers.computeIfAbsent(engine.id() + size, k -> warmedTrainer(engine, size));
    long start = System.nanoTime();
    trainer.fitEpoch(sparkBatches(size), BatchDecoder.identity(), sparkEpoch++);
    return imagesPerSecond(settings.batch(), start);
  }

  /** A trainer for this size that has run one epoch, so JIT, helpers and workspaces are warm. */
  private DistributedTrainer warmedTrainer(Engine engine, int size) {
    if (spark == null) {
      spark =
          SparkSessions.create(
              DrgradeConfig.load(Optional.empty(), List.of("spark.master=\"local[2]\"")));
    }
    NetworkSpec spec = NetworkSpec.reference().withInputSize(size);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int frequency = settings.batches() / SPARK_WORKERS;
    DistributedTrainer trainer =
        engine.trainer(
            sc,
            engine.create(spec),
            new AveragingPlan(
                SPARK_WORKERS,
                settings.batch(),
                frequency,
                spec.seed(),
                0,
                0,
                true,
                AveragingPlan.DRGRADE));
    trainer.fitEpoch(sparkBatches(size), BatchDecoder.identity(), sparkEpoch++);
    return trainer;
  }

  /** The timed minibatches, made on the executors as the pipeline's EpochBatches makes them. */
  private JavaRDD<Minibatch> sparkBatches(int size) {
    int batch = settings.batch();
    List<Integer> indices = IntStream.range(0, settings.batches()).boxed().toList();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(indices, SPARK_WORKERS)
        .map(i -> randomMinibatch(batch, size, i));
  }

  /** Uniform random images (seeded) with grades 0..4 in turn, as either engine takes them. */
  static Minibatch randomMinibatch(int batch, int size, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] features = new float[batch * 3 * size * size];
    for (int i = 0; i < features.length; i++) {
      features[i] = random.nextFloat();
    }
    int[] grades = IntStream.range(0, batch).map(n -> n % NetworkSpec.CLASSES).toArray();
    return new Minibatch(features, grades, size, 3);
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.stop();
    }
  }
}
