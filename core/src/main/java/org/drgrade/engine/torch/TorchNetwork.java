package org.drgrade.engine.torch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;

/**
 * The grading network on libtorch through DJL. The optimiser is written here, not taken from DJL,
 * for two reasons: parameter averaging needs its state as flat arrays (DJL's optimisers hide it),
 * and it must do what the DL4J engine does, step for step: clip each layer's gradient to L2 norm
 * 1.0, add L2 times the weights (weights only), then DL4J's Nesterov update {@code v = mu v - lr g;
 * w += -mu v_prev + (1 + mu) v}, at the plan's rate for the current epoch. Initialisation is DL4J's
 * scheme: He-normal weights, Xavier-normal for the output layer, zero biases, batch-norm scale 1.
 *
 * <p>Gradients are recorded with libtorch's thread-local grad mode set directly, not through DJL's
 * GradientCollector, which allows only one collector per JVM: Spark local[N] trains N networks in
 * one JVM at once. Every call into libtorch holds {@link TorchRuntime#LOCK}: those networks take
 * turns.
 */
public final class TorchNetwork implements GradingNetwork {

  private final NetworkSpec spec;
  private final NDManager manager;
  private final SequentialBlock block;
  private final ParameterStore store;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Map<String, List<Integer>> layers = new LinkedHashMap<>();
  private final List<Integer> trainable = new ArrayList<>();
  private final List<NDArray> velocity = new ArrayList<>();
  private boolean viewWrites = true; // until a tensor's view turns out to be a copy
  private int epoch;
  private long iterations;

  private TorchNetwork(NetworkSpec spec) {
    TorchRuntime.fixThreads();
    this.spec = spec;
    this.manager = NDManager.newBaseManager(TorchRuntime.device(), TorchRuntime.ENGINE);
    this.block = TorchBlocks.build(spec);
    block.initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, spec.channels(), spec.inputSize(), spec.inputSize()));
    this.store = new ParameterStore(manager, false);
    for (Pair<String, Parameter> p : block.getParameters()) {
      int index = parameters.size();
      parameters.add(p.getValue());
      names.add(p.getKey());
      if (p.getValue().requiresGradient()) {
        String name = p.getKey();
        layers
            .computeIfAbsent(name.substring(0, name.lastIndexOf('_')), k -> new ArrayList<>())
            .add(index);
        trainable.add(index);
        velocity.add(manager.zeros(p.getValue().getArray().getShape()));
      }
    }
  }

  static TorchNetwork create(NetworkSpec spec) {
    synchronized (TorchRuntime.LOCK) {
      TorchNetwork net = new TorchNetwork(spec);
      net.initialiseWeights(new Random(spec.seed()));
      return net;
    }
  }

  static TorchNetwork read(byte[] checkpoint) {
    TorchCheckpoint c = TorchCheckpoint.read(checkpoint);
    synchronized (TorchRuntime.LOCK) {
      TorchNetwork net = new TorchNetwork(c.spec());
      net.setParameters(c.parameters());
      net.setUpdaterState(c.updater());
      net.setEpoch(c.epoch());
      net.setIterations(c.iterations());
      return net;
    }
  }

  private void initialiseWeights(Random random) {
    Parameter output = null;
    for (Parameter p : parameters) {
      if (p.getType() == Parameter.Type.WEIGHT) {
        output = p;
      }
    }
    for (Parameter p : parameters) {
      if (p.getType() != Parameter.Type.WEIGHT) {
        continue; // biases and batch-norm state keep DJL's zeros and ones
      }
      Shape shape = p.getArray().getShape();
      long fanOut = shape.get(0);
      long fanIn = shape.size() / fanOut;
      double std = p == output ? Math.sqrt(2.0 / (fanIn + fanOut)) : Math.sqrt(2.0 / fanIn);
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
      p.getArray().set(FloatBuffer.wrap(values));
    }
  }

  @Override
  public Engine engine() {
    return Engines.of(TorchEngine.ID);
  }

  @Override
  public OutputHead head() {
    return spec.head();
  }

  /** The names of the network's tensors, in order (DJL's block parameter names). */
  public List<String> tensorNames() {
    return List.copyOf(names);
  }

  /** A copy of one named tensor's values. */
  public float[] tensor(String name) {
    synchronized (TorchRuntime.LOCK) {
      return parameters.get(names.indexOf(name)).getArray().toFloatArray();
    }
  }

  @Override
  public List<String> warmStartFrom(GradingNetwork source) {
    if (!(source instanceof TorchNetwork other)) {
      throw new IllegalArgumentException(
          "a torch network warm-starts from a torch network, not from " + source.engine().id());
    }
    List<String> copied = new ArrayList<>();
    synchronized (TorchRuntime.LOCK) {
      for (int i = 0; i < parameters.size(); i++) {
        int j = other.names.indexOf(names.get(i));
        if (j < 0) {
          continue;
        }
        NDArray from = other.parameters.get(j).getArray();
        NDArray to = parameters.get(i).getArray();
        if (from.getShape().equals(to.getShape())) {
          to.set(FloatBuffer.wrap(from.toFloatArray()));
          copied.add(names.get(i));
        }
      }
    }
    return copied;
  }

  NetworkSpec spec() {
    return spec;
  }

  @Override
  public double fit(Minibatch batch) {
    float[] hwc = channelsLast(batch);
    synchronized (TorchRuntime.LOCK) {
      return fitLocked(batch, hwc);
    }
  }

  private double fitLocked(Minibatch batch, float[] hwc) {
    try (NDManager step = manager.newSubManager()) {
      NDArray x = input(step, batch, hwc);
      NDArray loss;
      // Grad mode is per thread and on by default in a new one (a Spark task's): set it both ways.
      JniUtils.setGradMode(true);
      try {
        NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
        loss = loss(step, out, batch.grades());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) step.ones(loss.getShape()), false, false);
      } finally {
        JniUtils.setGradMode(false);
      }
      update(step);
      iterations++;
      return loss.getFloat();
    }
  }

  /**
   * The minibatch's mean loss: multiclass log-loss of the softmax of 5 logits, or the squared error
   * of the one regressed grade (DL4J's MSE with one output is the same).
   */
  private NDArray loss(NDManager step, NDArray out, int[] grades) {
    if (spec.head() == OutputHead.REGRESSION) {
      float[] target = new float[grades.length];
      for (int n = 0; n < grades.length; n++) {
        target[n] = grades[n];
      }
      return out.reshape(grades.length).sub(step.create(target)).square().mean();
    }
    NDArray target = step.create(grades).oneHot(NetworkSpec.CLASSES);
    return out.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
  }

  /** Clip per layer, L2 on weights, Nesterov; then zero the gradients for the next step. */
  private void update(NDManager step) {
    double rate = spec.rateAt(epoch);
    double mu = spec.momentum();
    Map<Integer, NDArray> grads = new LinkedHashMap<>();
    for (int index : trainable) {
      NDArray g = parameters.get(index).getArray().getGradient();
      g.attach(step);
      grads.put(index, g);
    }
    for (List<Integer> layer : layers.values()) {
      double squares = 0;
      for (int index : layer) {
        squares += grads.get(index).square().sum().getFloat();
      }
      double norm = Math.sqrt(squares);
      if (norm > NetworkSpec.GRADIENT_CLIP) {
        for (int index : layer) {
          grads.get(index).muli(NetworkSpec.GRADIENT_CLIP / norm);
        }
      }
    }
    for (int k = 0; k < trainable.size(); k++) {
      int index = trainable.get(k);
      Parameter p = parameters.get(index);
      NDArray w = p.getArray();
      NDArray g = grads.get(index);
      if (p.getType() == Parameter.Type.WEIGHT && spec.l2() > 0) {
        g.addi(attached(step, w.mul(spec.l2())));
      }
      NDArray v = velocity.get(k);
      NDArray previous = attached(step, v.mul(-mu));
      v.muli(mu).subi(g.muli(rate));
      w.addi(previous.addi(attached(step, v.mul(1 + mu))));
      JniUtils.zeroGrad((PtNDArray) w);
    }
  }

  private static NDArray attached(NDManager step, NDArray a) {
    a.attach(step);
    return a;
  }

  @Override
  public float[][] predict(Minibatch batch) {
    float[] hwc = channelsLast(batch);
    float[] flat;
    synchronized (TorchRuntime.LOCK) {
      JniUtils.setGradMode(false);
      try (NDManager step = manager.newSubManager()) {
        NDArray out =
            block.forward(store, new NDList(input(step, batch, hwc)), false).singletonOrThrow();
        flat =
            spec.head() == OutputHead.REGRESSION
                ? out.toFloatArray()
                : out.softmax(1).toFloatArray();
      }
    }
    if (spec.head() == OutputHead.REGRESSION) {
      return OutputHead.regressedDistributions(flat);
    }
    float[][] out = new float[batch.count()][NetworkSpec.CLASSES];
    for (int n = 0; n < out.length; n++) {
      System.arraycopy(flat, n * NetworkSpec.CLASSES, out[n], 0, NetworkSpec.CLASSES);
    }
    return out;
  }

  /**
   * The minibatch as a channels-last tensor: laid out [N, H, W, C] in memory and seen as [N, C, H,
   * W]. libtorch's oneDNN convolutions then run channels-last all the way through (batch norm, ReLU
   * and pooling keep the layout), as {@code model.to(memory_format=torch.channels_last)} makes
   * PyTorch do; faster on this CPU in training and inference. DJL has no memory-format call, so the
   * reorder is done here, one pass over the floats, outside the lock.
   */
  private static float[] channelsLast(Minibatch batch) {
    int n = batch.count();
    int c = batch.channels();
    int size = batch.size();
    float[] chw = batch.features();
    float[] hwc = new float[chw.length];
    int plane = size * size;
    for (int i = 0; i < n; i++) {
      int base = i * c * plane;
      for (int ch = 0; ch < c; ch++) {
        int from = base + ch * plane;
        for (int p = 0; p < plane; p++) {
          hwc[base + p * c + ch] = chw[from + p];
        }
      }
    }
    return hwc;
  }

  private static NDArray input(NDManager step, Minibatch batch, float[] hwc) {
    int size = batch.size();
    return step.create(hwc, new Shape(batch.count(), size, size, batch.channels()))
        .transpose(0, 3, 1, 2);
  }

  @Override
  public float[] parameters() {
    float[] out = new float[count(parameterArrays())];
    read(parameterArrays(), out, 0);
    return out;
  }

  @Override
  public void setParameters(float[] values) {
    exactly(values, parameterArrays(), "parameters");
    write(parameterArrays(), values, 0);
  }

  @Override
  public float[] updaterState() {
    float[] out = new float[count(velocity)];
    read(velocity, out, 0);
    return out;
  }

  @Override
  public void setUpdaterState(float[] values) {
    exactly(values, velocity, "updater state");
    write(velocity, values, 0);
  }

  @Override
  public void copyState(float[] into) {
    read(velocity, into, read(parameterArrays(), into, 0));
  }

  @Override
  public void setState(float[] from) {
    List<NDArray> params = parameterArrays();
    int n = count(params);
    if (from.length < n + count(velocity)) {
      throw new IllegalArgumentException(
          "state: " + from.length + " values for a network of " + (n + count(velocity)));
    }
    write(params, from, 0);
    write(velocity, from, n);
  }

  private List<NDArray> parameterArrays() {
    return parameters.stream().map(Parameter::getArray).toList();
  }

  private static int count(List<NDArray> arrays) {
    return Math.toIntExact(arrays.stream().mapToLong(NDArray::size).sum());
  }

  private static void exactly(float[] values, List<NDArray> arrays, String what) {
    int total = count(arrays);
    if (values.length != total) {
      throw new IllegalArgumentException(
          what + ": " + values.length + " values for a network of " + total);
    }
  }

  /**
   * Copies {@code arrays}, flattened in order, into {@code out} from {@code offset}; returns the
   * offset after them. A CPU tensor is read through DJL's direct view of its memory: one bulk copy,
   * where {@code toFloatArray} makes a native copy, a byte array and a float array per tensor (7 ms
   * against 0.3 ms for the 4 MB state at 224 px, measured). A GPU tensor is copied to the host in a
   * tensor closed at once: DJL's own host copy would stay attached to the network's manager, one
   * state's worth per averaging round, until the network closes.
   */
  private static int read(List<NDArray> arrays, float[] out, int offset) {
    synchronized (TorchRuntime.LOCK) {
      for (NDArray a : arrays) {
        if (a.getDevice().equals(Device.cpu())) {
          offset = readView(a, out, offset);
        } else {
          try (NDArray host = a.toDevice(Device.cpu(), true)) {
            offset = readView(host, out, offset);
          }
        }
      }
    }
    return offset;
  }

  private static int readView(NDArray cpu, float[] out, int offset) {
    FloatBuffer view = cpu.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    int n = view.remaining();
    view.get(out, offset, n);
    return offset + n;
  }

  /**
   * Sets {@code arrays}, in order, from {@code values} at {@code offset} (the caller checks
   * lengths). A CPU tensor is written through the same view {@link #read} uses, then read back
   * through a fresh view: equal, the write reached the tensor (0.6 ms for the 4 MB state at 224
   * px). Else the view was a copy (a non-contiguous tensor) and this network goes back, for good,
   * to DJL's {@code set}, which copies into a fresh direct buffer that the tensor then uses, or
   * onto the GPU (4.5 ms, measured).
   */
  private void write(List<NDArray> arrays, float[] values, int offset) {
    synchronized (TorchRuntime.LOCK) {
      int at = offset;
      for (NDArray a : arrays) {
        int n = Math.toIntExact(a.size());
        if (!(viewWrites && a.getDevice().equals(Device.cpu()) && writeView(a, values, at, n))) {
          a.set(FloatBuffer.wrap(values, at, n).slice());
        }
        at += n;
      }
    }
  }

  private boolean writeView(NDArray a, float[] values, int at, int n) {
    a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().put(values, at, n);
    FloatBuffer now = a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    viewWrites = now.equals(FloatBuffer.wrap(values, at, n));
    return viewWrites;
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public void setEpoch(int epoch) {
    this.epoch = epoch;
  }

  @Override
  public long iterations() {
    return iterations;
  }

  @Override
  public void setIterations(long iterations) {
    this.iterations = iterations;
  }

  @Override
  public byte[] toBytes() {
    return new TorchCheckpoint(spec, epoch, iterations, parameters(), updaterState()).toBytes();
  }

  @Override
  public void close() {
    synchronized (TorchRuntime.LOCK) {
      manager.close();
    }
  }
}
