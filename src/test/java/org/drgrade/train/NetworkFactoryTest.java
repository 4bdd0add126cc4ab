package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.NetworkFactory;
import org.drgrade.engine.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

class NetworkFactoryTest {

  @Test
  void referenceNetworkHasTheReferenceParameterCounts() {
    NetworkSpec spec = NetworkSpec.reference();
    MultiLayerNetwork net = NetworkFactory.build(spec);
    ModelSummary summary = ModelSummary.of(net, spec);

    assertEquals(925_013, summary.referenceParams());
    assertEquals(926_485, summary.dl4jParams());
    assertEquals(net.numParams(), summary.dl4jParams());
    assertEquals(925_205, summary.trainableParams());
    assertEquals(7, spec.finalFeatureSize());
    List<ModelSummary.Row> rows = summary.rows();
    assertEquals("16x448x448", rows.get(0).outputShape());
    assertEquals(
        "128x7x7",
        rows.stream()
            .filter(r -> r.layer().equals("SubsamplingLayer"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .outputShape());
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
  void channelsLastNetworkHasTheSameParametersAndTakesNhwcInput() {
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    MultiLayerNetwork nhwc =
        new MultiLayerNetwork(NetworkFactory.configuration(spec, CNN2DFormat.NHWC));
    nhwc.init();

    assertEquals(NetworkFactory.build(spec).numParams(), nhwc.numParams());
    assertArrayEquals(
        new long[] {2, NetworkSpec.CLASSES},
        nhwc.output(Nd4j.rand(DataType.FLOAT, 2, 64, 64, 3), false).shape());
  }
}
