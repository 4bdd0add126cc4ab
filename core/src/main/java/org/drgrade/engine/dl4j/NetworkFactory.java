package org.drgrade.engine.dl4j;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The one place that builds the grading network of docs/method.md, The network:
 *
 * <pre>
 * conv16 conv16 P conv32 conv32 P conv64 conv64 P conv96 P conv96 P conv128 P
 * dropout FC1(96) FC2(5) softmax
 * </pre>
 *
 * (or FC2(1) under squared error with {@link OutputHead#REGRESSION}).
 *
 * <p>Every conv is 3x3, stride 1, padding 1, with a bias, followed by batch norm and then ReLU
 * (DL4J's batch-norm layer ignores its activation, hence a separate ReLU layer). Every pool is max
 * 3x3 stride 2 in Same mode, which gives ceil(n/2): exactly half for even sizes, so 448 ends at
 * 7x7. FC1 is dense (with bias) then batch norm then ReLU; FC2 is softmax under multiclass
 * log-loss. With {@link NetworkSpec#leakyReluSlope()} above 0 every one of those ReLUs is a leaky
 * ReLU of that negative-side slope (DL4J's {@link ActivationLReLU}); 0 builds exactly the plain
 * ReLUs.
 *
 * <p>Weights start He-normal ({@link WeightInit#RELU}); the output layer uses Xavier since softmax
 * is not ReLU. SGD with Nesterov momentum; the learning rate follows {@link
 * NetworkSpec#learningRates()} by epoch, so the caller must advance the network's epoch counter
 * after each epoch ({@link Dl4jNetwork#setEpoch} does). L2 applies to weights only (DL4J's {@code
 * l2}, not {@code l2Bias}).
 */
public final class NetworkFactory {
  private NetworkFactory() {}

  /** The activation after each batch norm: ReLU, or leaky ReLU when the spec's slope is > 0. */
  private static IActivation relu(NetworkSpec spec) {
    return spec.leakyRelu()
        ? new ActivationLReLU(spec.leakyReluSlope())
        : Activation.RELU.getActivationFunction();
  }

  private static BatchNormalization.Builder batchNorm() {
    return new BatchNormalization.Builder()
        .decay(NetworkSpec.BATCH_NORM_DECAY)
        .eps(NetworkSpec.BATCH_NORM_EPSILON);
  }

  /** An initialised network, ready to fit. */
  public static MultiLayerNetwork build(NetworkSpec spec) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec));
    net.init();
    return net;
  }

  /** The configuration alone, e.g. for {@code SparkDl4jMultiLayer}. */
  public static MultiLayerConfiguration configuration(NetworkSpec spec) {
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            .seed(spec.seed())
            .weightInit(WeightInit.RELU)
            .updater(
                new Nesterovs(
                    new MapSchedule(ScheduleType.EPOCH, spec.learningRates()), spec.momentum()))
            .l2(spec.l2())
            .gradientNormalization(GradientNormalization.ClipL2PerLayer)
            .gradientNormalizationThreshold(NetworkSpec.GRADIENT_CLIP)
            .list();
    int[] filters = NetworkSpec.convFilters();
    for (int i = 0; i < filters.length; i++) {
      layers.layer(
          new ConvolutionLayer.Builder(NetworkSpec.KERNEL, NetworkSpec.KERNEL)
              .stride(1, 1)
              .padding(1, 1)
              .convolutionMode(ConvolutionMode.Truncate)
              .nOut(filters[i])
              .activation(Activation.IDENTITY)
              .build());
      layers.layer(batchNorm().build());
      layers.layer(new ActivationLayer.Builder().activation(relu(spec)).build());
      if (NetworkSpec.poolAfter(i)) {
        layers.layer(
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(NetworkSpec.KERNEL, NetworkSpec.KERNEL)
                .stride(2, 2)
                .convolutionMode(ConvolutionMode.Same)
                .build());
      }
    }
    layers.layer(new DropoutLayer.Builder(spec.keepProbability()).build());
    layers.layer(
        new DenseLayer.Builder()
            .nOut(NetworkSpec.FC1_UNITS)
            .activation(Activation.IDENTITY)
            .build());
    layers.layer(batchNorm().build());
    layers.layer(new ActivationLayer.Builder().activation(relu(spec)).build());
    boolean regression = spec.head() == OutputHead.REGRESSION;
    layers.layer(
        new OutputLayer.Builder(regression ? LossFunction.MSE : LossFunction.MCXENT)
            .nOut(spec.head().outputs())
            .activation(regression ? Activation.IDENTITY : Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER)
            .build());
    return layers
        .setInputType(InputType.convolutional(spec.inputSize(), spec.inputSize(), spec.channels()))
        .build();
  }
}
