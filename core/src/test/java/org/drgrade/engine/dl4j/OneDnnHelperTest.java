package org.drgrade.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * The oneDNN shim works: conv layers get DL4J's oneDNN helper (the 7x CPU speed-up of
 * docs/design.md, "The oneDNN shim"), and the helper computes what DL4J's own Java path computes.
 */
class OneDnnHelperTest {
  private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

  @Test
  void shimReportsOneDnn() {
    assertTrue(Nd4jCpu.Environment.getInstance().isUseMKLDNN());
  }

  @Test
  void convLayersUseOneDnnAndMatchTheJavaPath() {
    assertEquals(
        "false", System.getProperty(HELPERS_DISABLE), "surefire must pass the helpers flag");
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    MultiLayerNetwork fast = NetworkFactory.build(spec);
    MultiLayerNetwork slow;
    // DL4J reads the flag whenever a layer is created, so flipping it builds a helper-free twin.
    System.setProperty(HELPERS_DISABLE, "true");
    try {
      slow = NetworkFactory.build(spec);
    } finally {
      System.setProperty(HELPERS_DISABLE, "false");
    }
    slow.setParams(fast.params());

    assertTrue(((ConvolutionLayer) fast.getLayer(0)).getHelper() instanceof MKLDNNConvHelper);
    assertNull(((ConvolutionLayer) slow.getLayer(0)).getHelper());
    assertNotNull(fast.getLayer(1).getHelper(), "batch norm helper");

    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
    INDArray expected = slow.output(input, false);
    INDArray actual = fast.output(input, false);
    assertTrue(expected.equalsWithEps(actual, 1e-5), expected + " vs " + actual);
    // Compare a deep feature map too: the softmax alone could hide small differences.
    INDArray slowFeatures = slow.feedForwardToLayer(30, input, false).get(31);
    INDArray fastFeatures = fast.feedForwardToLayer(30, input, false).get(31);
    assertTrue(slowFeatures.equalsWithEps(fastFeatures, 1e-4));
  }
}
