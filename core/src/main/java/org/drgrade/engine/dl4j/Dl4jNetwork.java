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
    return net.params().toFloatVector();
  }

  @Override
  public void setParameters(float[] values) {
    net.setParams(Nd4j.create(values, new long[] {1, values.length}, 'c'));
  }

  @Override
  public float[] updaterState() {
    INDArray state = net.getUpdater().getStateViewArray();
    return state == null ? new float[0] : state.toFloatVector();
  }

  @Override
  public void setUpdaterState(float[] values) {
    net.getUpdater().getStateViewArray().assign(Nd4j.create(values, new long[] {1, values.length}));
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
