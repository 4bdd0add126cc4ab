package org.drgrade.blend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.drgrade.grading.GradeDistributions;
import org.drgrade.grading.Grades;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * docs/method.md's blend network: this eye's 5 probabilities and the other eye's 5 in, two dense
 * layers of ReLU units, each followed by dropout, and this eye's blended distribution out (softmax
 * under multiclass log-loss). Each graded eye of a two-eyed patient is one training row, so a
 * patient gives two rows, one per eye as "this eye".
 *
 * <h2>Threads</h2>
 *
 * A DL4J {@link MultiLayerNetwork} is not thread-safe, so every method that runs it is {@code
 * synchronized}: sharing one instance is correct but serialises the callers. On Spark, broadcast
 * {@link #toBytes()} and build one instance per partition with {@link #fromBytes} inside {@code
 * mapPartitions}, then {@link #blendAll} the partition's pairs in one batch.
 */
public final class BlendNetwork implements EyeBlender {
  public static final int INPUTS = 2 * Grades.COUNT;

  private final MultiLayerNetwork network;

  private BlendNetwork(MultiLayerNetwork network) {
    this.network = network;
  }

  /** Trains on every graded eye of the two-eyed patients in {@code validation}. */
  public static BlendNetwork train(List<EyePair> validation, BlendNetworkSpec spec) {
    List<float[]> inputs = new ArrayList<>();
    List<Integer> grades = new ArrayList<>();
    for (EyePair pair : validation) {
      if (!pair.hasBothEyes()) {
        continue;
      }
      if (pair.leftGrade() != null) {
        inputs.add(input(pair.left(), pair.right()));
        grades.add(pair.leftGrade());
      }
      if (pair.rightGrade() != null) {
        inputs.add(input(pair.right(), pair.left()));
        grades.add(pair.rightGrade());
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "no graded eye of a two-eyed patient to train the blend network on");
    }
    INDArray features = Nd4j.create(inputs.toArray(new float[0][]));
    INDArray labels = Nd4j.zeros(features.dataType(), inputs.size(), Grades.COUNT);
    for (int n = 0; n < grades.size(); n++) {
      labels.putScalar(n, grades.get(n), 1);
    }
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec));
    network.init();
    SplittableRandom random = new SplittableRandom(spec.seed());
    int[] order = new int[inputs.size()];
    for (int n = 0; n < order.length; n++) {
      order[n] = n;
    }
    for (int epoch = 0; epoch < spec.epochs(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < order.length; start += spec.batchSize()) {
        int[] batch =
            Arrays.copyOfRange(order, start, Math.min(order.length, start + spec.batchSize()));
        network.fit(new DataSet(features.getRows(batch), labels.getRows(batch)));
      }
    }
    return new BlendNetwork(network);
  }

  static MultiLayerConfiguration configuration(BlendNetworkSpec spec) {
    double keep = 1 - spec.dropProbability();
    // DL4J applies a layer's dropOut to that layer's input, so dropout after hidden layer 1
    // sits on hidden layer 2, and after hidden layer 2 on the output layer; inputs are kept.
    return new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .weightInit(WeightInit.RELU)
        .updater(new Adam(spec.learningRate()))
        .l2(spec.l2())
        .list()
        .layer(
            new DenseLayer.Builder()
                .nIn(INPUTS)
                .nOut(spec.hiddenUnits())
                .activation(Activation.RELU)
                .build())
        .layer(
            new DenseLayer.Builder()
                .nOut(spec.hiddenUnits())
                .activation(Activation.RELU)
                .dropOut(keep)
                .build())
        .layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(Grades.COUNT)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER)
                .dropOut(keep)
                .build())
        .build();
  }

  /**
   * This eye's blended distribution; rows are renormalised in double so they sum to 1 exactly
   * enough for the labeller.
   */
  public synchronized double[] apply(double[] thisEye, double[] otherEye) {
    GradeDistributions.requireValid(new double[][] {thisEye, otherEye});
    return outputs(new float[][] {input(thisEye, otherEye)})[0];
  }

  @Override
  public EyePair blend(EyePair pair) {
    return blendAll(List.of(pair)).get(0);
  }

  /** One network call for all two-eyed patients; one-eyed patients pass through unchanged. */
  @Override
  public synchronized List<EyePair> blendAll(List<EyePair> pairs) {
    List<float[]> inputs = new ArrayList<>();
    for (EyePair pair : pairs) {
      if (pair.hasBothEyes()) {
        inputs.add(input(pair.left(), pair.right()));
        inputs.add(input(pair.right(), pair.left()));
      }
    }
    double[][] blended =
        inputs.isEmpty() ? new double[0][] : outputs(inputs.toArray(new float[0][]));
    List<EyePair> out = new ArrayList<>(pairs.size());
    int row = 0;
    for (EyePair pair : pairs) {
      if (pair.hasBothEyes()) {
        out.add(pair.withDistributions(blended[row], blended[row + 1]));
        row += 2;
      } else {
        out.add(pair);
      }
    }
    return out;
  }

  /** DL4J's model zip with its updater state; small enough (about 3 MB) to broadcast. */
  public synchronized byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, bytes, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static BlendNetwork fromBytes(byte[] bytes) {
    try {
      return new BlendNetwork(
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private double[][] outputs(float[][] inputs) {
    INDArray out = network.output(Nd4j.create(inputs), false);
    double[][] p = new double[inputs.length][Grades.COUNT];
    for (int n = 0; n < inputs.length; n++) {
      double sum = 0;
      for (int k = 0; k < Grades.COUNT; k++) {
        p[n][k] = out.getDouble(n, k);
        sum += p[n][k];
      }
      for (int k = 0; k < Grades.COUNT; k++) {
        p[n][k] /= sum;
      }
    }
    return p;
  }

  private static float[] input(double[] thisEye, double[] otherEye) {
    float[] x = new float[INPUTS];
    for (int k = 0; k < Grades.COUNT; k++) {
      x[k] = (float) thisEye[k];
      x[Grades.COUNT + k] = (float) otherEye[k];
    }
    return x;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
