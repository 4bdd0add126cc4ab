package org.drgrade.engine.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.CheckpointStamp;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.drgrade.engine.Placement;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The grading network as a DL4J {@link MultiLayerNetwork} built by {@link NetworkFactory}. */
public final class Dl4jNetwork implements GradingNetwork {
  private final MultiLayerNetwork net;

  public Dl4jNetwork(MultiLayerNetwork net) {
    this.net = net;
  }

  /**
   * Puts this thread's ND4J work on the task's first GPU (ND4J's device affinity) when ND4J loaded
   * its CUDA backend; which backend loads is ND4J's choice at start, by priority (see
   * docs/deploy.md, GPUs), so a task given a GPU in a JVM that loaded the CPU backend is told so.
   */
  static Placement place(List<String> gpus) {
    String backend =
        String.valueOf(
            Nd4j.getExecutioner()
                .getEnvironmentInformation()
                .get(org.nd4j.linalg.api.environment.Nd4jEnvironment.BACKEND_KEY));
    String build = "ND4J " + backend + " backend";
    if (!"CUDA".equalsIgnoreCase(backend)) {
      return new Placement(
          "dl4j",
          gpus,
          "cpu",
          false,
          build,
          gpus.isEmpty()
              ? null
              : "ND4J loaded its CPU backend (a jar without -Pcuda, no CUDA 11.6 / cuDNN 8.3"
                  + " libraries, or BACKEND_PRIORITY_GPU not above BACKEND_PRIORITY_CPU)");
    }
    var affinity = Nd4j.getAffinityManager();
    if (!gpus.isEmpty()) {
      affinity.unsafeSetDevice(Integer.parseInt(gpus.get(0).strip()));
    }
    return new Placement(
        "dl4j", gpus, "cuda:" + affinity.getDeviceForCurrentThread(), true, build, null);
  }

  static Dl4jNetwork create(NetworkSpec spec) {
    return new Dl4jNetwork(NetworkFactory.build(spec));
  }

  static Dl4jNetwork read(byte[] checkpoint) {
    return new Dl4jNetwork(Dl4jCheckpoints.fromBytes(checkpoint));
  }

  /** The DL4J network itself, for DL4J's own Spark trainer. */
  public MultiLayerNetwork multiLayerNetwork() {
    return net;
  }

  @Override
  public Engine engine() {
    return Engines.of(Dl4jEngine.ID);
  }

  @Override
  public OutputHead head() {
    return headOf(net);
  }

  @Override
  public List<String> warmStartFrom(GradingNetwork source) {
    if (!(source instanceof Dl4jNetwork other)) {
      throw new IllegalArgumentException(
          "a DL4J network warm-starts from a DL4J network, not from " + source.engine().id());
    }
    List<String> copied = new ArrayList<>();
    Map<String, INDArray> theirs = other.net.paramTable();
    for (Map.Entry<String, INDArray> own : net.paramTable().entrySet()) {
      INDArray from = theirs.get(own.getKey());
      if (from != null && Arrays.equals(from.shape(), own.getValue().shape())) {
        net.setParam(own.getKey(), from.dup());
        copied.add(own.getKey());
      }
    }
    return copied;
  }

  @Override
  public double fit(Minibatch batch) {
    net.fit(dataSet(batch, headOf(net)));
    return net.score();
  }

  @Override
  public float[][] predict(Minibatch batch) {
    INDArray out = net.output(features(batch), false);
    return headOf(net) == OutputHead.REGRESSION
        ? OutputHead.regressedDistributions(out.toFloatVector())
        : out.toFloatMatrix();
  }

  /** The head, from the output layer's width: the zip a network is saved in describes it. */
  public static OutputHead headOf(MultiLayerNetwork net) {
    return OutputHead.ofOutputs(net.layerSize(net.getnLayers() - 1));
  }

  @Override
  public float[] parameters() {
    return copyOf(net.params());
  }

  @Override
  public void setParameters(float[] values) {
    setExactly(net.params(), values, "parameters");
  }

  @Override
  public float[] updaterState() {
    INDArray state = net.getUpdater().getStateViewArray();
    return state == null ? new float[0] : copyOf(state);
  }

  @Override
  public void setUpdaterState(float[] values) {
    setExactly(net.getUpdater().getStateViewArray(), values, "updater state");
  }

  private static float[] copyOf(INDArray a) {
    float[] out = new float[Math.toIntExact(a.length())];
    copy(a, out, 0);
    return out;
  }

  private static void setExactly(INDArray a, float[] values, String what) {
    if (values.length != a.length()) {
      throw new IllegalArgumentException(
          what + ": " + values.length + " values for a network of " + a.length());
    }
    set(a, values, 0);
  }

  @Override
  public void copyState(float[] into) {
    int n = copy(net.params(), into, 0);
    INDArray state = net.getUpdater().getStateViewArray();
    if (state != null) {
      copy(state, into, n);
    }
  }

  @Override
  public void setState(float[] from) {
    int n = Math.toIntExact(net.params().length());
    INDArray state = net.getUpdater().getStateViewArray();
    int total = n + (state == null ? 0 : Math.toIntExact(state.length()));
    if (from.length < total) {
      throw new IllegalArgumentException(
          "state: " + from.length + " values for a network of " + total);
    }
    set(net.params(), from, 0);
    if (state != null) {
      set(state, from, n);
    }
  }

  /**
   * Both flat arrays (parameters, updater state) are whole buffers of their own. On the CPU backend
   * they are read and written through a view of that memory: one bulk copy, against 5 ms per 2 MB
   * for {@code toFloatVector} and for {@code Nd4j.create} then assign (measured at 224 px). On CUDA
   * the host copy must stay in step with the device's, so ND4J's own copies are used.
   */
  private static boolean hostMemory(INDArray a) {
    return CPU_BACKEND && a.offset() == 0 && a.data().length() == a.length();
  }

  private static final boolean CPU_BACKEND = "CPU".equals(Nd4jBackends.backend());

  private static int copy(INDArray a, float[] into, int offset) {
    int n = Math.toIntExact(a.length());
    if (hostMemory(a)) {
      a.data().asNioFloat().get(into, offset, n);
    } else {
      System.arraycopy(a.toFloatVector(), 0, into, offset, n);
    }
    return offset + n;
  }

  private static void set(INDArray a, float[] from, int offset) {
    int n = Math.toIntExact(a.length());
    if (hostMemory(a)) {
      a.data().asNioFloat().put(from, offset, n);
    } else {
      a.assign(Nd4j.create(Arrays.copyOfRange(from, offset, offset + n), a.shape(), 'c'));
    }
  }

  @Override
  public int epoch() {
    return net.getEpochCount();
  }

  @Override
  public void setEpoch(int epoch) {
    net.setEpochCount(epoch);
  }

  @Override
  public long iterations() {
    return net.getIterationCount();
  }

  @Override
  public void setIterations(long iterations) {
    net.setIterationCount(Math.toIntExact(iterations));
  }

  @Override
  public byte[] toBytes() {
    return CheckpointStamp.stamp(Dl4jCheckpoints.toBytes(net), Dl4jEngine.ID);
  }

  @Override
  public void close() {
    net.close();
  }

  /** Features [N, channels, size, size] as DL4J takes them (NCHW). */
  public static INDArray features(Minibatch batch) {
    return Nd4j.create(
        batch.features(),
        new long[] {batch.count(), batch.channels(), batch.size(), batch.size()},
        'c');
  }

  /** Features and labels: one-hot [N, 5] for the softmax head, the grade [N, 1] for regression. */
  public static DataSet dataSet(Minibatch batch, OutputHead head) {
    INDArray labels = Nd4j.zeros(batch.count(), head.outputs());
    for (int n = 0; n < batch.count(); n++) {
      int grade = batch.grades()[n];
      if (head == OutputHead.REGRESSION) {
        labels.putScalar(n, 0, grade);
      } else {
        labels.putScalar(n, grade, 1f);
      }
    }
    return new DataSet(features(batch), labels);
  }
}
