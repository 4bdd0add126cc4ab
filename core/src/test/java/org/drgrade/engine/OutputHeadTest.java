package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.drgrade.grading.RegressedGrade;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A regression-head network on either engine: one output unit, distributions over the 5 grades from
 * it, and a checkpoint that rebuilds the same head (predict and grade read only the model).
 */
class OutputHeadTest {

  private static NetworkSpec regression() {
    return new NetworkSpec(64, 3, 0.0, 5e-4, 0.9, new TreeMap<>(Map.of(0, 0.01)), 5, 0.0)
        .withHead(OutputHead.REGRESSION);
  }

  private static Minibatch batch(int[] grades) {
    Random random = new Random(3);
    List<float[]> images = new ArrayList<>();
    for (int n = 0; n < grades.length; n++) {
      float[] image = new float[3 * 64 * 64];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) random.nextGaussian();
      }
      images.add(image);
    }
    return Minibatch.of(images, grades, 3, 64);
  }

  @ParameterizedTest
  @MethodSource("org.drgrade.engine.Engines#all")
  void oneOutputBecomesADistributionAndTheCheckpointKeepsTheHead(Engine engine) {
    Minibatch batch = batch(new int[] {0, 1, 2, 3, 4, 0});
    try (GradingNetwork net = engine.create(regression())) {
      double loss = net.fit(batch);
      assertTrue(Double.isFinite(loss) && loss >= 0, "squared error " + loss);
      float[][] p = net.predict(batch);
      assertEquals(6, p.length);
      for (float[] row : p) {
        assertEquals(5, row.length);
        double sum = 0;
        double expected = 0;
        for (int k = 0; k < 5; k++) {
          sum += row[k];
          expected += k * row[k];
        }
        assertEquals(1.0, sum, 1e-5);
        // The row is RegressedGrade's distribution of some output y: rebuild y from the ratio of
        // two neighbours (ln p1/p0 = (y - 1/2) / sd^2) and compare the whole row.
        double y = RegressedGrade.SPREAD * RegressedGrade.SPREAD * Math.log(row[1] / row[0]) + 0.5;
        assertArrayEquals(RegressedGrade.distribution(y), row, 1e-4f, "expected " + expected);
      }
      try (GradingNetwork back = engine.read(net.toBytes())) {
        float[][] again = back.predict(batch);
        for (int n = 0; n < p.length; n++) {
          assertArrayEquals(p[n], again[n], 1e-6f);
        }
        assertEquals(OutputHead.REGRESSION, back.head(), "the checkpoint keeps the head");
      }
    }
  }
}
