package org.drgrade.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.drgrade.Side;
import org.drgrade.bench.Dl4jProfileReport.Averaging;
import org.drgrade.bench.Dl4jProfileReport.LayerPass;
import org.drgrade.bench.Dl4jProfileReport.LayerTime;
import org.drgrade.bench.Dl4jProfileReport.Ms;
import org.drgrade.bench.Dl4jProfileReport.Phase;
import org.drgrade.bench.Dl4jProfileReport.SizeProfile;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.drgrade.engine.dl4j.Dl4jNetwork;
import org.drgrade.engine.dl4j.NetworkFactory;
import org.drgrade.model.Augmenter;
import org.drgrade.model.PngPixels;
import org.drgrade.model.Standardisation;
import org.drgrade.preprocess.ImagePreprocessor;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessResult;
import org.drgrade.synth.SynthDataset;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the time of one training minibatch goes on drgrade's real path: PNG decode ({@link
 * PngPixels}), augmentation ({@link Augmenter}), INDArray creation ({@link Batches}), then DL4J's
 * {@code fit} split into forward, backward and updater by a {@link BaseTrainingListener} (DL4J
 * calls it after the forward pass, after the backward pass and after the parameter step), the
 * gradient normalisation inside the updater, and the share of a parameter averaging of two networks
 * at the averaging frequency. Per layer, a second pass calls each layer's {@code activate} and
 * {@code backpropGradient} in turn without workspaces (DL4J's own fit gives no per-layer hook).
 */
public final class Dl4jProfile {
  private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
  private static final String CPU_BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu";
  private static final int AVERAGED_NETWORKS = 2;

  /**
   * @param sizes input (crop) sizes in px
   * @param batches minibatch size for each entry of {@code sizes}
   * @param repeat timed minibatches per size, after one warm-up
   * @param averagingFrequency minibatches between two parameter averagings (the pipeline's: 5)
   * @param gcWindowMs ND4J periodic GC: above 0 switches it on with this window, 0 switches it off,
   *     below 0 leaves ND4J's default
   * @param layers whether to time each layer too (a second pass per minibatch, about as long as
   *     fit)
   */
  public record Settings(
      List<Integer> sizes,
      List<Integer> batches,
      int repeat,
      int averagingFrequency,
      int gcWindowMs,
      boolean layers) {
    public Settings {
      sizes = List.copyOf(sizes);
      batches = List.copyOf(batches);
      if (sizes.isEmpty() || sizes.size() != batches.size()) {
        throw new IllegalArgumentException(
            "need one batch size per input size, got sizes " + sizes + " and batches " + batches);
      }
      if (repeat < 1 || averagingFrequency < 1 || batches.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException(
            "need repeat, averaging frequency and batch sizes >= 1: " + this);
      }
    }
  }

  private final Settings settings;

  public Dl4jProfile(Settings settings) {
    this.settings = settings;
  }

  public Dl4jProfileReport run() {
    long start = System.nanoTime();
    MemoryManager memory = Nd4j.getMemoryManager();
    if (settings.gcWindowMs() > 0) {
      memory.togglePeriodicGc(true);
      memory.setAutoGcWindow(settings.gcWindowMs());
    } else if (settings.gcWindowMs() == 0) {
      memory.togglePeriodicGc(false);
    }
    List<SizeProfile> sizes = new ArrayList<>();
    for (int i = 0; i < settings.sizes().size(); i++) {
      sizes.add(profile(settings.sizes().get(i), settings.batches().get(i)));
      // Workspaces stay with the thread at their largest; drop them between sizes.
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
    return new Dl4jProfileReport(
        JvmHost.current(),
        Nd4j.getEnvironment().maxThreads(),
        "false".equals(System.getProperty(HELPERS_DISABLE)),
        nativeJar(),
        memory.isPeriodicGcActive(),
        memory.getAutoGcWindow(),
        mallocSettings(),
        settings.repeat(),
        settings.averagingFrequency(),
        Dl4jProfileReport.round((System.nanoTime() - start) / 1e9),
        sizes);
  }

  /** The source size the crop is taken from: docs/method.md's 448 of 512, i.e. crop x 8/7. */
  static int sourceSize(int crop) {
    return (int) Math.ceil(crop * 8 / 7.0);
  }

  private SizeProfile profile(int size, int batch) {
    int source = sourceSize(size);
    byte[] png = preprocessedEye(source);
    Augmenter augmenter = new Augmenter(source, size, Standardisation.identity(3), 2015L);
    int[] grades = new int[batch];
    Arrays.setAll(grades, n -> n % NetworkSpec.CLASSES);

    Timings t = new Timings();
    DataSet data = null;
    for (int round = -1; round < settings.repeat(); round++) {
      // round -1 is the warm-up (JIT, OpenCV, ND4J) and is not recorded.
      long t0 = System.nanoTime();
      List<float[]> decoded = new ArrayList<>(batch);
      for (int n = 0; n < batch; n++) {
        decoded.add(PngPixels.chw(png, source));
      }
      long t1 = System.nanoTime();
      List<float[]> views = new ArrayList<>(batch);
      for (int n = 0; n < batch; n++) {
        views.add(augmenter.random(decoded.get(n), n, round + 1));
      }
      long t2 = System.nanoTime();
      data = Dl4jNetwork.dataSet(Minibatch.of(views, grades, 3, size), OutputHead.SOFTMAX);
      long t3 = System.nanoTime();
      if (round >= 0) {
        t.add("png_decode", t1 - t0);
        t.add("augment", t2 - t1);
        t.add("indarray", t3 - t2);
      }
    }

    MultiLayerNetwork net = NetworkFactory.build(NetworkSpec.reference().withInputSize(size));
    boolean oneDnn = ((ConvolutionLayer) net.getLayer(0)).getHelper() != null;
    PhaseListener listener = new PhaseListener();
    net.setListeners(listener);
    net.fit(data);
    for (int round = 0; round < settings.repeat(); round++) {
      long t0 = System.nanoTime();
      listener.reset();
      net.fit(data);
      long end = System.nanoTime();
      t.add("forward", listener.forwardEnd - t0);
      t.add("backward", listener.backwardEnd - listener.forwardEnd);
      t.add("updater", listener.iterationEnd - listener.backwardEnd);
      t.add("fit_other", end - listener.iterationEnd);
      t.add("fit", end - t0);
      t.add("gradient_normalisation", gradientNormalisation(net));
    }
    net.setListeners();

    Averaging averaging = averaging(net, t);
    List<LayerTime> layers = settings.layers() ? layerPass(net, data, t) : List.of();
    return summarise(size, batch, source, net, oneDnn, t, averaging, layers);
  }

  private SizeProfile summarise(
      int size,
      int batch,
      int source,
      MultiLayerNetwork net,
      boolean oneDnn,
      Timings t,
      Averaging averaging,
      List<LayerTime> layers) {
    List<String> topLevel =
        List.of("png_decode", "augment", "indarray", "forward", "backward", "updater", "fit_other");
    double minibatch =
        topLevel.stream().mapToDouble(p -> t.ms(p).median()).sum() + averaging.perMinibatchMs();
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("png_decode", "PngPixels.chw x batch on one preprocessed synthetic eye PNG");
    notes.put("augment", "Augmenter.random x batch: random crop, flips, standardisation");
    notes.put(
        "indarray",
        "Minibatch.of then Dl4jNetwork.dataSet: one float[] copy into a minibatch, one into an INDArray, plus labels");
    notes.put("forward", "fit start to TrainingListener.onForwardPass (all layers but the output)");
    notes.put("backward", "onForwardPass to onBackwardPass: output layer, loss, backprop");
    notes.put(
        "updater",
        "onBackwardPass to iterationDone: gradient normalisation, Nesterov, L2, parameter step");
    notes.put(
        "gradient_normalisation",
        "BaseMultiLayerUpdater.preApply (ClipL2PerLayer) over every layer, timed on its own");
    notes.put("fit_other", "iterationDone to the return of fit (workspace and listener cleanup)");
    List<Phase> phases = new ArrayList<>();
    for (String name : notes.keySet()) {
      Ms ms = t.ms(name);
      String partOf = name.equals("gradient_normalisation") ? "updater" : null;
      phases.add(
          new Phase(
              name, ms, Dl4jProfileReport.round(ms.median() / minibatch), partOf, notes.get(name)));
    }
    phases.add(
        new Phase(
            "parameter_averaging",
            new Ms(
                averaging.perMinibatchMs(), averaging.perMinibatchMs(), averaging.perMinibatchMs()),
            Dl4jProfileReport.round(averaging.perMinibatchMs() / minibatch),
            null,
            "one averaging of two networks (see averaging) / averaging frequency "
                + settings.averagingFrequency()));
    double fit = t.ms("fit").median();
    LayerPass pass =
        layers.isEmpty()
            ? null
            : new LayerPass(
                t.ms("layer_pass_forward"),
                t.ms("layer_pass_backward"),
                Dl4jProfileReport.round(
                    t.ms("layer_pass_forward").median() / t.ms("forward").median()),
                Dl4jProfileReport.round(
                    t.ms("layer_pass_backward").median() / t.ms("backward").median()));
    return new SizeProfile(
        size,
        batch,
        source,
        net.numParams(),
        oneDnn,
        Dl4jProfileReport.round(minibatch),
        Dl4jProfileReport.round(batch / (fit / 1000)),
        Dl4jProfileReport.round(batch / (minibatch / 1000)),
        phases,
        averaging,
        pass,
        layers);
  }

  /**
   * The updater's gradient normalisation alone. The gradients of the last fit are already clipped
   * to norm 1, which would skip the scaling, so they are scaled up first (outside the timing); the
   * next fit overwrites them.
   */
  private static long gradientNormalisation(MultiLayerNetwork net) {
    net.getFlattenedGradients().muli(1000);
    BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
    long start = System.nanoTime();
    for (Layer layer : net.getLayers()) {
      if (layer.numParams() > 0) {
        updater.preApply(layer, net.gradient(), net.getIterationCount());
      }
    }
    return System.nanoTime() - start;
  }

  /**
   * One parameter averaging of {@code net} and a copy, as ParameterAveragingTrainingMaster does it:
   * sum the flat parameter and updater-state vectors, divide by the count, give both networks the
   * result; and one Java serialisation round trip of those vectors (a worker's result or a
   * broadcast).
   */
  private Averaging averaging(MultiLayerNetwork net, Timings t) {
    MultiLayerNetwork other = net.clone();
    INDArray state = net.getUpdater().getStateViewArray();
    INDArray otherState = other.getUpdater().getStateViewArray();
    for (int round = -1; round < settings.repeat(); round++) {
      long t0 = System.nanoTime();
      INDArray params = net.params().dup().addi(other.params()).divi(AVERAGED_NETWORKS);
      INDArray updater = state.dup().addi(otherState).divi(AVERAGED_NETWORKS);
      net.setParams(params);
      other.setParams(params);
      state.assign(updater);
      otherState.assign(updater);
      long t1 = System.nanoTime();
      INDArray[] copy = roundTrip(new INDArray[] {net.params(), state});
      long t2 = System.nanoTime();
      if (copy[0].length() != params.length()) {
        throw new IllegalStateException("serialised parameters came back with another length");
      }
      if (round >= 0) {
        t.add("average", t1 - t0);
        t.add("serialise", t2 - t1);
      }
    }
    Ms average = t.ms("average");
    Ms serialise = t.ms("serialise");
    double perMinibatch =
        (average.median() + AVERAGED_NETWORKS * serialise.median()) / settings.averagingFrequency();
    return new Averaging(
        net.numParams() + state.length(),
        average,
        serialise,
        Dl4jProfileReport.round(perMinibatch));
  }

  private static INDArray[] roundTrip(INDArray[] arrays) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(arrays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (INDArray[]) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Forward then backward through the layers one at a time, as MultiLayerNetwork does inside fit
   * but without workspaces, timing each layer (its input preprocessor included). The whole pass is
   * timed too, around the per-layer timings.
   */
  private List<LayerTime> layerPass(MultiLayerNetwork net, DataSet data, Timings t) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    Layer[] layers = net.getLayers();
    int batch = (int) data.getFeatures().size(0);
    long[][] shapes = new long[layers.length][];
    for (int round = -1; round < settings.repeat(); round++) {
      boolean record = round >= 0;
      INDArray x = data.getFeatures();
      long passStart = System.nanoTime();
      for (int i = 0; i < layers.length; i++) {
        long start = System.nanoTime();
        InputPreProcessor pre = conf.getInputPreProcess(i);
        if (pre != null) {
          x = pre.preProcess(x, batch, mgr);
        }
        if (layers[i] instanceof IOutputLayer output) {
          output.setLabels(data.getLabels());
        }
        x = layers[i].activate(x, true, mgr);
        shapes[i] = x.shape();
        if (record) {
          t.add("forward_" + i, System.nanoTime() - start);
        }
      }
      long forwardEnd = System.nanoTime();
      INDArray epsilon = null;
      for (int i = layers.length - 1; i >= 0; i--) {
        long start = System.nanoTime();
        Pair<?, INDArray> step = layers[i].backpropGradient(epsilon, mgr);
        epsilon = step.getSecond();
        InputPreProcessor pre = conf.getInputPreProcess(i);
        if (pre != null && epsilon != null) {
          epsilon = pre.backprop(epsilon, batch, mgr);
        }
        if (record) {
          t.add("backward_" + i, System.nanoTime() - start);
        }
      }
      long backwardEnd = System.nanoTime();
      if (record) {
        t.add("layer_pass_forward", forwardEnd - passStart);
        t.add("layer_pass_backward", backwardEnd - forwardEnd);
      }
    }
    double pass = t.ms("layer_pass_forward").median() + t.ms("layer_pass_backward").median();
    List<LayerTime> out = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      Ms forward = t.ms("forward_" + i);
      Ms backward = t.ms("backward_" + i);
      InputPreProcessor pre = conf.getInputPreProcess(i);
      String type =
          layers[i].getClass().getSimpleName()
              + (pre == null ? "" : " (after " + pre.getClass().getSimpleName() + ")");
      out.add(
          new LayerTime(
              i,
              type,
              Arrays.stream(shapes[i]).boxed().toList(),
              layers[i].numParams(),
              forward,
              backward,
              Dl4jProfileReport.round((forward.median() + backward.median()) / pass)));
    }
    return out;
  }

  /** A synthetic eye run through drgrade's own preprocessing: a real preprocessed PNG. */
  static byte[] preprocessedEye(int sourceSize) {
    SynthDataset synth =
        new SynthDataset(2015L, org.drgrade.synth.SizeProfile.parse("width:900-1200"));
    byte[] jpeg = synth.jpeg(1, Side.LEFT, SynthDataset.DEFAULT_JPEG_QUALITY);
    PreprocessResult result =
        ImagePreprocessor.process(jpeg, PreprocessConfig.defaults().withOutputSize(sourceSize));
    if (result instanceof PreprocessResult.Success success) {
      return success.png();
    }
    throw new IllegalStateException("the synthetic eye did not preprocess: " + result);
  }

  /**
   * The jar the native ND4J library was unpacked from (JavaCPP caches each library under its jar's
   * name), e.g. nd4j-native-1.0.0-M2-linux-x86_64-onednn-avx2.jar.
   */
  private static String nativeJar() {
    return Loader.getLoadedLibraries().values().stream()
        .filter(path -> path != null && path.contains("nd4jcpu"))
        .map(path -> Path.of(path))
        .flatMap(
            path ->
                Stream.iterate(path, p -> p != null, Path::getParent)
                    .map(p -> p.getFileName() == null ? "" : p.getFileName().toString())
                    .filter(name -> name.endsWith(".jar")))
        .findFirst()
        .orElse("unknown (no nd4jcpu library loaded)");
  }

  private static String mallocSettings() {
    String set =
        System.getenv().entrySet().stream()
            .filter(e -> e.getKey().startsWith("MALLOC_"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" "));
    return set.isEmpty() ? "glibc defaults" : set;
  }

  /** Nanosecond samples by name. */
  private static final class Timings {
    private final Map<String, List<Double>> ms = new LinkedHashMap<>();

    void add(String name, long nanos) {
      ms.computeIfAbsent(name, n -> new ArrayList<>()).add(nanos / 1e6);
    }

    Ms ms(String name) {
      List<Double> values = ms.get(name);
      if (values == null) {
        throw new IllegalStateException("nothing timed for " + name);
      }
      return Ms.of(values);
    }
  }

  /** Timestamps at the hooks DL4J calls inside one {@code fit}. */
  private static final class PhaseListener extends BaseTrainingListener {
    long forwardEnd;
    long backwardEnd;
    long iterationEnd;

    void reset() {
      forwardEnd = 0;
      backwardEnd = 0;
      iterationEnd = 0;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
      forwardEnd = System.nanoTime();
    }

    @Override
    public void onBackwardPass(Model model) {
      backwardEnd = System.nanoTime();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      iterationEnd = System.nanoTime();
    }
  }
}
