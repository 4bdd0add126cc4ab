package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The state averaging moves every round ({@link GradingNetwork#copyState}, {@link
 * GradingNetwork#setState}) is exactly the parameters then the optimiser state, in both engines,
 * read straight from the engines' memory: a trained network's state copied into another network
 * makes it the same network, step for step.
 */
class NetworkStateTest {
  private static final NetworkSpec SPEC =
      new NetworkSpec(64, 3, 0.0, 5e-4, 0.9, new TreeMap<>(Map.of(0, 0.01)), 11, 0.0);

  private static Minibatch batch(int seed) {
    Random random = new Random(seed);
    float[] f = new float[4 * 3 * 64 * 64];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) random.nextGaussian();
    }
    return new Minibatch(f, new int[] {0, 1, 2, 4}, 64, 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"torch", "dl4j"})
  void copiedStateIsParametersThenMomentumAndSettingItMakesTheSameNetwork(String engineId) {
    Engine engine = Engines.of(engineId);
    try (GradingNetwork trained = engine.create(SPEC);
        GradingNetwork other =
            engine.create(
                new NetworkSpec(64, 3, 0.0, 5e-4, 0.9, new TreeMap<>(Map.of(0, 0.01)), 12, 0.0))) {
      trained.fit(batch(1));
      trained.fit(batch(2));
      float[] parameters = trained.parameters();
      float[] momentum = trained.updaterState();
      float[] buffer = new float[parameters.length + momentum.length + 3];
      Arrays.fill(buffer, 7f);
      trained.copyState(buffer);
      assertArrayEquals(parameters, Arrays.copyOfRange(buffer, 0, parameters.length));
      assertArrayEquals(
          momentum,
          Arrays.copyOfRange(buffer, parameters.length, parameters.length + momentum.length));
      assertEquals(7f, buffer[buffer.length - 1], "past the state is the caller's");

      other.setState(buffer);
      assertArrayEquals(parameters, other.parameters());
      assertArrayEquals(momentum, other.updaterState());
      other.setIterations(trained.iterations());
      double trainedLoss = trained.fit(batch(3));
      double otherLoss = other.fit(batch(3));
      assertEquals(trainedLoss, otherLoss, 1e-5 * Math.abs(trainedLoss));
      float[] a = trained.parameters();
      float[] b = other.parameters();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-5f + 1e-4f * Math.abs(a[i]), "parameter " + i);
      }

      assertThrows(
          IllegalArgumentException.class, () -> other.setState(new float[parameters.length]));
    }
  }
}
