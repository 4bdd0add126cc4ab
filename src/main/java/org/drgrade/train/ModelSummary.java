package org.drgrade.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.drgrade.engine.NetworkFactory;
import org.drgrade.engine.NetworkSpec;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The network as a layer table with output shapes and three parameter counts:
 *
 * <ul>
 *   <li>reference: docs/method.md's convention (925,013 at 448): conv weights and biases, the scale
 *       and shift of each batch norm that follows a conv, FC1 and FC2 weights and biases; FC1's
 *       batch norm is not counted;
 *   <li>DL4J: {@code numParams()} (926,485 at 448), which also holds each batch norm's running mean
 *       and log10 std (4 values per channel) and FC1's batch norm;
 *   <li>trainable: what the optimiser updates (DL4J's count less the running statistics, which have
 *       a no-op updater): 925,205 at 448 = reference + FC1's batch-norm scale and shift.
 * </ul>
 *
 * <p>{@code activation} names the activation after each batch norm, as the network has it: "ReLU"
 * or "leaky ReLU (slope 0.01)" ({@code drgrade.train.leaky-relu-slope}).
 */
public record ModelSummary(List<Row> rows, String activation) {

  public record Row(
      int index,
      String layer,
      String outputShape,
      long referenceParams,
      long dl4jParams,
      long trainableParams) {}

  /**
   * The layer table of the network {@code spec} describes. Both engines build the same layers, so
   * the DL4J build of the spec describes either.
   */
  public static ModelSummary of(NetworkSpec spec) {
    MultiLayerNetwork net = NetworkFactory.build(spec);
    try {
      return of(net, spec);
    } finally {
      net.close();
    }
  }

  /** Summarises {@code net}, built from {@code spec} (DL4J does not keep the input type). */
  public static ModelSummary of(MultiLayerNetwork net, NetworkSpec spec) {
    List<InputType> shapes =
        net.getLayerWiseConfigurations()
            .getLayerActivationTypes(
                InputType.convolutional(spec.inputSize(), spec.inputSize(), spec.channels()));
    List<Row> rows = new ArrayList<>();
    Set<String> activations = new LinkedHashSet<>();
    boolean lastParamLayerWasConv = false;
    for (int i = 0; i < net.getnLayers(); i++) {
      Layer layer = net.getLayer(i);
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      if (conf instanceof ActivationLayer activationLayer) {
        activations.add(activationText(activationLayer.getActivationFn()));
      }
      long trainable = 0;
      long scaleShift = 0;
      for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
        if (!(conf.getUpdaterByParam(param.getKey()) instanceof NoOp)) {
          trainable += param.getValue().length();
        }
        if (param.getKey().equals(BatchNormalizationParamInitializer.GAMMA)
            || param.getKey().equals(BatchNormalizationParamInitializer.BETA)) {
          scaleShift += param.getValue().length();
        }
      }
      long reference;
      if (conf instanceof BatchNormalization) {
        reference = lastParamLayerWasConv ? scaleShift : 0;
      } else {
        reference = layer.numParams();
        if (layer.numParams() > 0) {
          lastParamLayerWasConv = conf instanceof ConvolutionLayer;
        }
      }
      rows.add(
          new Row(
              i,
              conf.getClass().getSimpleName(),
              shapeText(shapes.get(i)),
              reference,
              layer.numParams(),
              trainable));
    }
    return new ModelSummary(List.copyOf(rows), String.join(", ", activations));
  }

  private static String activationText(IActivation fn) {
    if (fn instanceof ActivationLReLU leaky) {
      return "leaky ReLU (slope " + leaky.getAlpha() + ")";
    }
    return fn instanceof ActivationReLU ? "ReLU" : fn.toString();
  }

  public long referenceParams() {
    return rows.stream().mapToLong(Row::referenceParams).sum();
  }

  public long dl4jParams() {
    return rows.stream().mapToLong(Row::dl4jParams).sum();
  }

  public long trainableParams() {
    return rows.stream().mapToLong(Row::trainableParams).sum();
  }

  /** The table, totals, and why the three totals differ. */
  public String text() {
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%-4s %-20s %-14s %10s %10s %10s%n",
                "#", "layer", "output", "reference", "dl4j", "trainable"));
    for (Row row : rows) {
      out.append(
          String.format(
              "%-4d %-20s %-14s %,10d %,10d %,10d%n",
              row.index(),
              row.layer(),
              row.outputShape(),
              row.referenceParams(),
              row.dl4jParams(),
              row.trainableParams()));
    }
    out.append(
        String.format(
            "%-40s %,10d %,10d %,10d%n",
            "total", referenceParams(), dl4jParams(), trainableParams()));
    out.append("activation after each batch norm (9 convs and FC1): ")
        .append(activation)
        .append('\n');
    out.append(
        "reference = METHOD.md's convention (conv weights+bias, batch-norm scale and shift after"
            + " each conv, FC1 and FC2 weights+bias); dl4j = numParams(), which adds each batch norm's"
            + " running mean and log10 std (4 values per channel, not trained) and FC1's batch norm;"
            + " trainable = dl4j less the running statistics, i.e. reference + FC1's batch-norm"
            + " scale and shift.\n");
    return out.toString();
  }

  private static String shapeText(InputType type) {
    if (type instanceof InputType.InputTypeConvolutional conv) {
      return conv.getChannels() + "x" + conv.getHeight() + "x" + conv.getWidth();
    }
    return String.valueOf(type.arrayElementsPerExample());
  }
}
