package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.grading.MetricValue;
import org.drgrade.model.Augmenter;
import org.drgrade.model.Standardisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {

  @ParameterizedTest
  @MethodSource("org.drgrade.engine.Engines#all")
  void restoredNetworkContinuesExactlyLikeTheOriginal(Engine engine) {
    SyntheticBlobs data = new SyntheticBlobs(16, 72, 5);
    Augmenter augmenter = new Augmenter(72, 64, Standardisation.identity(3), 9);
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    LocalTrainingBackend original = new LocalTrainingBackend(engine.create(spec));
    original.fitEpoch(data.batches(augmenter, 0, 8, true));

    GradingNetwork net = original.network();
    try (GradingNetwork restored = engine.read(net.toBytes())) {
      Minibatch probe = data.batches(augmenter, 0, 16, false).next();
      assertArrayEquals(net.predict(probe), restored.predict(probe));
      assertArrayEquals(net.parameters(), restored.parameters());
      assertArrayEquals(net.updaterState(), restored.updaterState());
      assertTrue(norm(net.updaterState()) > 0, "momentum was saved");
      assertEquals(1, restored.epoch());
      assertEquals(2, restored.iterations());
      assertEquals(net.iterations(), restored.iterations());

      Minibatch next = data.batches(augmenter, 1, 16, true).next();
      seed(123);
      net.fit(next);
      seed(123);
      restored.fit(next);
      float[] a = net.parameters();
      float[] b = restored.parameters();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-6, "one more step diverged at value " + i);
      }
      assertArrayEquals(net.updaterState(), restored.updaterState(), 1e-6f);
    }
    net.close();
  }

  @Test
  void anEngineRefusesTheOtherEnginesCheckpointByName() {
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    try (GradingNetwork torch = Engines.of("torch").create(spec)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> Engines.of("dl4j").read(torch.toBytes()));
      assertTrue(e.getMessage().contains("written by engine 'torch'"), e.getMessage());
    }
  }

  private static void seed(long seed) {
    Nd4j.getRandom().setSeed(seed);
    ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  @Test
  void metaRoundTripsThroughJsonIncludingUndefinedKappa() {
    CheckpointMeta meta =
        new CheckpointMeta(
            3,
            120,
            640,
            0.91,
            1.02,
            MetricValue.undefined("no expected disagreement"),
            MetricValue.of(0.7));
    CheckpointMeta back = CheckpointMeta.fromJson(meta.toJson());
    assertEquals(meta.epoch(), back.epoch());
    assertEquals(meta.valLogLoss(), back.valLogLoss());
    assertFalse(back.valKappa().defined());
    assertEquals(meta.valKappa().undefinedReason(), back.valKappa().undefinedReason());
    assertEquals(meta.valAccuracy(), back.valAccuracy());
  }
}
