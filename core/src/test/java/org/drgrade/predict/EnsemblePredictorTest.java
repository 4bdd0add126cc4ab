package org.drgrade.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.dl4j.Dl4jNetwork;
import org.drgrade.model.Augmenter;
import org.drgrade.model.PngPixels;
import org.drgrade.model.Standardisation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Prediction is the plain mean over T augmented views and K networks, whatever the minibatch. */
class EnsemblePredictorTest {
  private static final int SOURCE = 10;
  private static final int CROP = 7;

  private static MultiLayerNetwork net(long seed) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(seed)
                .list()
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(5)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(CROP, CROP, 3))
                .build());
    net.init();
    return net;
  }

  private static byte[] png(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(SOURCE, SOURCE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SOURCE; y++) {
      for (int x = 0; x < SOURCE; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** One network's distribution for one view, computed alone. */
  private static double[] single(GradingNetwork net, float[] view) {
    float[] p = net.predict(Minibatch.of(List.of(view), null, 3, CROP))[0];
    return new double[] {p[0], p[1], p[2], p[3], p[4]};
  }

  @Test
  void averagesEveryViewOfEveryNetworkAndIgnoresTheBatch() throws IOException {
    List<GradingNetwork> nets = List.of(new Dl4jNetwork(net(1)), new Dl4jNetwork(net(2)));
    Augmenter augmenter =
        new Augmenter(
            SOURCE,
            CROP,
            new Standardisation(new float[] {100, 110, 120}, new float[] {50, 60, 70}),
            9);
    List<byte[]> pngs = List.of(png(1), png(2), png(3));
    List<String> names = List.of("1_left", "1_right", "2_left");
    int views = 3;

    double[][] together =
        new EnsemblePredictor(nets, augmenter, SOURCE, views).predict(pngs, names);

    for (int i = 0; i < pngs.size(); i++) {
      double[] expected = new double[5];
      float[] pixels = PngPixels.chw(pngs.get(i), SOURCE);
      for (int t = 0; t < views; t++) {
        float[] view = augmenter.random(pixels, EnsemblePredictor.imageKey(names.get(i)), t);
        for (GradingNetwork net : nets) {
          double[] p = single(net, view);
          for (int k = 0; k < 5; k++) {
            expected[k] += p[k] / (views * nets.size());
          }
        }
      }
      assertArrayEquals(expected, together[i], 1e-6, names.get(i));
      assertEquals(1.0, Arrays.stream(together[i]).sum(), 1e-5);
      // An image alone gets what it got in the minibatch: partitioning never changes a prediction.
      double[][] alone =
          new EnsemblePredictor(nets, augmenter, SOURCE, views)
              .predict(List.of(pngs.get(i)), List.of(names.get(i)));
      assertArrayEquals(together[i], alone[0], 1e-6);
    }

    // Each network and each view counts: one network or one view alone gives something else.
    double[][] firstNet =
        new EnsemblePredictor(List.of(nets.get(0)), augmenter, SOURCE, views).predict(pngs, names);
    double[][] oneView = new EnsemblePredictor(nets, augmenter, SOURCE, 1).predict(pngs, names);
    assertFalse(Arrays.equals(firstNet[0], together[0]));
    assertFalse(Arrays.equals(oneView[0], together[0]));
    // The same image name always gets the same views (a rerun or another executor predicts the
    // same).
    List<String> renamed = new ArrayList<>(names);
    renamed.set(0, "9_left");
    double[][] again = new EnsemblePredictor(nets, augmenter, SOURCE, views).predict(pngs, names);
    double[][] otherViews =
        new EnsemblePredictor(nets, augmenter, SOURCE, views).predict(pngs, renamed);
    assertArrayEquals(together[0], again[0], 0.0);
    assertFalse(Arrays.equals(together[0], otherViews[0]));
  }
}
