package org.drgrade.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.ModelSummary;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;

class NetworkFactoryTest {

  @Test
  void referenceNetworkHasTheReferenceParameterCounts() {
    NetworkSpec spec = NetworkSpec.reference();
    ModelSummary summary = ModelSummary.of(spec);
    assertEquals(925_013, summary.referenceParams());
    assertEquals(926_485, summary.storedParams());
    assertEquals(925_205, summary.trainableParams());
    assertEquals(7, spec.finalFeatureSize());
    List<ModelSummary.Row> rows = summary.rows();
    assertEquals("16x448x448", rows.get(0).outputShape());
    assertEquals("5", rows.get(rows.size() - 1).outputShape());
    assertEquals(
        6272 * 96 + 96,
        rows.stream()
            .filter(r -> r.layer().equals("DenseLayer"))
            .findFirst()
            .orElseThrow()
            .referenceParams());
    String text = summary.text();
    assertTrue(
        text.contains("925,013") && text.contains("926,485") && text.contains("925,205"), text);
  }

  /**
   * The layer table is computed from NetworkSpec's layout alone; DL4J's build must be that layout
   * row for row: layer class, output shape, values stored and values the optimiser updates.
   */
  @Test
  void theDl4jBuildIsTheLayoutTheSpecStates() {
    for (NetworkSpec spec :
        List.of(
            NetworkSpec.reference(),
            NetworkSpec.reference().withInputSize(112).withHead(OutputHead.REGRESSION))) {
      MultiLayerNetwork net = NetworkFactory.build(spec);
      List<ModelSummary.Row> rows = ModelSummary.of(spec).rows();
      List<InputType> shapes =
          net.getLayerWiseConfigurations()
              .getLayerActivationTypes(
                  InputType.convolutional(spec.inputSize(), spec.inputSize(), spec.channels()));
      assertEquals(net.getnLayers(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
        var conf = layer.conf().getLayer();
        ModelSummary.Row row = rows.get(i);
        assertEquals(conf.getClass().getSimpleName(), row.layer(), "layer " + i);
        assertEquals(shapeText(shapes.get(i)), row.outputShape(), "layer " + i);
        assertEquals(layer.numParams(), row.storedParams(), "layer " + i);
        long trainable = 0;
        for (var param : layer.paramTable().entrySet()) {
          if (!(conf.getUpdaterByParam(param.getKey()) instanceof NoOp)) {
            trainable += param.getValue().length();
          }
        }
        assertEquals(trainable, row.trainableParams(), "layer " + i);
      }
      assertEquals(net.numParams(), ModelSummary.of(spec).storedParams());
      net.close();
    }
  }

  private static String shapeText(InputType type) {
    if (type instanceof InputType.InputTypeConvolutional conv) {
      return conv.getChannels() + "x" + conv.getHeight() + "x" + conv.getWidth();
    }
    return String.valueOf(type.arrayElementsPerExample());
  }

  @Test
  void smallNetworkGivesOneDistributionPerImage() {
    NetworkSpec spec = NetworkSpec.reference().withInputSize(112);
    MultiLayerNetwork net = NetworkFactory.build(spec);
    INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 3, 112, 112);

    INDArray out = net.output(input, false);

    assertArrayEquals(new long[] {3, 5}, out.shape());
    for (int n = 0; n < 3; n++) {
      assertEquals(1.0, out.getRow(n).sumNumber().doubleValue(), 1e-5);
      assertTrue(out.getRow(n).minNumber().doubleValue() >= 0);
    }
    assertEquals(2, spec.finalFeatureSize());
  }

  @Test
  void dropoutIsConfiguredAsKeepProbability() {
    MultiLayerNetwork net = NetworkFactory.build(NetworkSpec.reference().withInputSize(64));
    DropoutLayer dropout = (DropoutLayer) net.getLayerWiseConfigurations().getConf(33).getLayer();
    assertEquals(0.5, ((Dropout) dropout.getIDropout()).getP(), 1e-12);
    NetworkSpec quarter =
        new NetworkSpec(64, 3, 0.25, 0, 0.9, NetworkSpec.reference().learningRates(), 1, 0.0);
    assertEquals(0.75, quarter.keepProbability(), 1e-12);
  }

  @Test
  void learningRateFollowsThePlanByEpoch() {
    MultiLayerNetwork net = NetworkFactory.build(NetworkSpec.reference().withInputSize(64));
    Nesterovs updater =
        (Nesterovs) net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W");
    assertEquals(0.01, updater.getLearningRate(0, 0), 1e-12);
    assertEquals(0.01, updater.getLearningRate(500, 29), 1e-12);
    assertEquals(0.003, updater.getLearningRate(0, 30), 1e-12);
    assertEquals(0.001, updater.getLearningRate(0, 60), 1e-12);
    assertEquals(0.9, updater.getMomentum(), 1e-12);
  }

  @Test
  void rejectsPlansWithoutEpochZeroAndTooSmallInputs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NetworkSpec.reference().withLearningRates(java.util.Map.of(3, 0.1)));
    assertThrows(IllegalArgumentException.class, () -> NetworkSpec.reference().withInputSize(32));
  }

  @Test
  void leakySlopeMakesEveryReluLeakyAndSurvivesTheCheckpoint() {
    NetworkSpec plainSpec = NetworkSpec.reference().withInputSize(64);
    NetworkSpec leakySpec = plainSpec.withLeakyReluSlope(0.01);
    List<IActivation> plain = activations(NetworkFactory.configuration(plainSpec));
    assertEquals(10, plain.size(), "9 convs and FC1");
    assertTrue(plain.stream().allMatch(a -> a instanceof ActivationReLU), plain.toString());
    List<IActivation> leaky = activations(NetworkFactory.configuration(leakySpec));
    assertEquals(10, leaky.size());
    for (IActivation a : leaky) {
      assertEquals(0.01, ((ActivationLReLU) a).getAlpha(), 0.0);
    }
    assertTrue(ModelSummary.of(leakySpec).text().contains("leaky ReLU (slope 0.01)"));
    assertTrue(ModelSummary.of(plainSpec).text().contains("batch norm (9 convs and FC1): ReLU\n"));

    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
    try (GradingNetwork net = Engines.of("dl4j").create(leakySpec);
        GradingNetwork back = Engines.of("dl4j").read(net.toBytes());
        GradingNetwork relu = Engines.of("dl4j").create(plainSpec)) {
      Minibatch batch = new Minibatch(input.data().asFloat(), new int[] {0, 1}, 64, 3);
      float[][] before = net.predict(batch);
      assertArrayEquals(before, back.predict(batch));
      relu.setParameters(net.parameters());
      float[][] other = relu.predict(batch);
      double max = 0;
      for (int n = 0; n < before.length; n++) {
        for (int k = 0; k < before[n].length; k++) {
          max = Math.max(max, Math.abs(before[n][k] - other[n][k]));
        }
      }
      assertTrue(max > 1e-6, "leaky and plain outputs differ");
    }
  }

  @Test
  void rejectsSlopesOutsideZeroToOne() {
    NetworkSpec spec = NetworkSpec.reference();
    assertThrows(IllegalArgumentException.class, () -> spec.withLeakyReluSlope(1.0));
    assertThrows(IllegalArgumentException.class, () -> spec.withLeakyReluSlope(-0.01));
    assertThrows(IllegalArgumentException.class, () -> spec.withLeakyReluSlope(Double.NaN));
  }

  private static List<IActivation> activations(MultiLayerConfiguration conf) {
    return conf.getConfs().stream()
        .map(c -> c.getLayer())
        .filter(l -> l instanceof ActivationLayer)
        .map(l -> ((ActivationLayer) l).getActivationFn())
        .toList();
  }
}
