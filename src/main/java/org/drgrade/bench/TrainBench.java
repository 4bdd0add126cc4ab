package org.drgrade.bench;

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
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.bench.TrainBenchReport.Entry;
import org.drgrade.bench.TrainBenchReport.Rate;
import org.drgrade.bench.TrainBenchReport.SizeResult;
import org.drgrade.cli.TrainBenchCommand;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.spark.SparkSessions;
import org.drgrade.train.NetworkFactory;
import org.drgrade.train.NetworkSpec;
import org.drgrade.train.ParameterAveragingTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/**
 * Training and inference throughput of the grading network on random data: (a) one JVM calling
 * {@code MultiLayerNetwork.fit} in a loop, in several variants (batch size, NHWC, workspaces,
 * oneDNN helpers off), and (b) Spark local[2] with {@link ParameterAveragingTrainer} on the same
 * number of images, timed around {@code fitEpoch} only. Within a round every variant is timed once,
 * back to back, so ratios between variants are fair on a shared machine.
 *
 * <p>Run: {@code java <flags of submit/drgrade> -cp target/drgrade.jar:$(cat target/classpath.txt)
 * org.drgrade.bench.TrainBench --sizes 448,112 --batches 4 --repeat 2}
 */
public final class TrainBench implements AutoCloseable {
  private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
  private static final int SPARK_WORKERS = 2;

  private final TrainBenchSettings settings;
  private SparkSession spark;
  private final Map<Integer, ParameterAveragingTrainer> trainers = new HashMap<>();
  private int sparkEpoch;

  private TrainBench(TrainBenchSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainBenchCommand()).execute(args));
  }

  public static TrainBenchReport run(TrainBenchSettings settings) {
    long start = System.nanoTime();
    try (TrainBench bench = new TrainBench(settings)) {
      List<SizeResult> sizes = settings.sizes().stream().map(bench::measureSize).toList();
      return new TrainBenchReport(
          Runtime.getRuntime().availableProcessors(),
          Nd4j.getEnvironment().maxThreads(),
          "false".equals(System.getProperty(HELPERS_DISABLE)),
          settings.batches(),
          settings.repeat(),
          (System.nanoTime() - start) / 1e9,
          sizes);
    }
  }

  private record SingleRun(boolean oneDnnConv, double forward, double train) {}

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
          train.computeIfAbsent(variant, v -> new ArrayList<>()).add(sparkTrainRate(size));
        } else {
          SingleRun run = single(variant, size);
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
                        v.batch(settings.batch()),
                        v.format().name(),
                        v.workspaces().name(),
                        v.helpers(),
                        oneDnn.get(v),
                        Rate.of(train.get(v)),
                        forward.containsKey(v) ? Rate.of(forward.get(v)) : null,
                        note(v)))
            .toList();
    List<Double> single = train.get(TrainVariant.DEFAULT);
    List<Double> distributed = train.get(TrainVariant.SPARK_LOCAL2);
    Rate ratio =
        single == null || distributed == null
            ? null
            : Rate.of(
                IntStream.range(0, single.size())
                    .mapToObj(i -> distributed.get(i) / single.get(i))
                    .toList());
    return new SizeResult(size, entries, ratio);
  }

  private String note(TrainVariant variant) {
    if (!variant.spark()) {
      return "one JVM, fit/output in a loop after one warm-up minibatch";
    }
    return SPARK_WORKERS
        + " workers (task threads of local[2]) each fit "
        + settings.batches() / SPARK_WORKERS
        + " minibatches, then one parameter averaging (averaging frequency "
        + settings.batches() / SPARK_WORKERS
        + "; the pipeline's default is 5); each worker's fit uses omp_threads native threads;"
        + " timed around fitEpoch after one warm-up epoch; minibatches are generated on the executors";
  }

  private SingleRun single(TrainVariant variant, int size) {
    int batch = variant.batch(settings.batch());
    MultiLayerNetwork net = network(variant, size);
    boolean oneDnn = ((ConvolutionLayer) net.getLayer(0)).getHelper() != null;
    DataSet data = randomBatch(batch, size, variant.format());

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

  private double imagesPerSecond(int batch, long start) {
    return (double) batch * settings.batches() / ((System.nanoTime() - start) / 1e9);
  }

  private static MultiLayerNetwork network(TrainVariant variant, int size) {
    MultiLayerConfiguration conf =
        NetworkFactory.configuration(NetworkSpec.reference().withInputSize(size), variant.format());
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

  static DataSet randomBatch(int batch, int size, CNN2DFormat format) {
    long[] shape =
        format == CNN2DFormat.NHWC
            ? new long[] {batch, size, size, 3}
            : new long[] {batch, 3, size, size};
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, NetworkSpec.CLASSES);
    for (int n = 0; n < batch; n++) {
      labels.putScalar(n, n % NetworkSpec.CLASSES, 1f);
    }
    return new DataSet(Nd4j.rand(DataType.FLOAT, shape), labels);
  }

  private double sparkTrainRate(int size) {
    ParameterAveragingTrainer trainer = trainers.computeIfAbsent(size, this::warmedTrainer);
    long start = System.nanoTime();
    trainer.fitEpoch(sparkBatches(size), sparkEpoch++);
    return imagesPerSecond(settings.batch(), start);
  }

  /** A trainer for this size that has run one epoch, so JIT, helpers and workspaces are warm. */
  private ParameterAveragingTrainer warmedTrainer(int size) {
    if (spark == null) {
      spark =
          SparkSessions.create(
              DrgradeConfig.load(Optional.empty(), List.of("spark.master=\"local[2]\"")));
    }
    MultiLayerNetwork net = NetworkFactory.build(NetworkSpec.reference().withInputSize(size));
    ParameterAveragingTrainer trainer =
        new ParameterAveragingTrainer(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            net,
            SPARK_WORKERS,
            settings.batch(),
            settings.batches() / SPARK_WORKERS,
            NetworkSpec.reference().seed(),
            0);
    trainer.fitEpoch(sparkBatches(size), sparkEpoch++);
    return trainer;
  }

  /** The timed minibatches, made on the executors as the pipeline's EpochBatches makes them. */
  private JavaRDD<DataSet> sparkBatches(int size) {
    int batch = settings.batch();
    List<Integer> indices = IntStream.range(0, settings.batches()).boxed().toList();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(indices, SPARK_WORKERS)
        .map(i -> randomBatch(batch, size, CNN2DFormat.NCHW));
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.stop();
    }
  }
}
