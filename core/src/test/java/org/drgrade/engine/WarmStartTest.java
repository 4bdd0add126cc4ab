package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drgrade.engine.dl4j.Dl4jNetwork;
import org.drgrade.engine.torch.TorchNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Progressive resizing: a network at a larger input takes every tensor of a smaller-input network
 * of the same layers except FC1's weight (whose input is the larger final feature map). 64 px ends
 * at a 1x1 map, 128 px at 2x2.
 */
class WarmStartTest {
  private static NetworkSpec spec(int size, long seed) {
    NetworkSpec r = NetworkSpec.reference().withInputSize(size);
    return new NetworkSpec(
        size,
        r.channels(),
        r.dropProbability(),
        r.l2(),
        r.momentum(),
        r.learningRates(),
        seed,
        r.leakyReluSlope());
  }

  @Test
  void torchCopiesEveryMatchingTensorAndLeavesFc1WeightFresh() {
    try (TorchNetwork small = (TorchNetwork) Engines.of("torch").create(spec(64, 1));
        TorchNetwork large = (TorchNetwork) Engines.of("torch").create(spec(128, 2))) {
      Map<String, float[]> fresh = new HashMap<>();
      large.tensorNames().forEach(n -> fresh.put(n, large.tensor(n)));
      List<String> copied = large.warmStartFrom(small);
      List<String> left = large.tensorNames().stream().filter(n -> !copied.contains(n)).toList();
      assertEquals(1, left.size(), "all but one tensor copied: " + left);
      assertTrue(left.get(0).contains("Linear") && left.get(0).endsWith("weight"), left.get(0));
      for (String n : large.tensorNames()) {
        assertArrayEquals(copied.contains(n) ? small.tensor(n) : fresh.get(n), large.tensor(n), n);
      }
    }
  }

  @Test
  void dl4jCopiesEveryMatchingTensorAndLeavesFc1WeightFresh() {
    try (Dl4jNetwork small = (Dl4jNetwork) Engines.of("dl4j").create(spec(64, 1));
        Dl4jNetwork large = (Dl4jNetwork) Engines.of("dl4j").create(spec(128, 2))) {
      Map<String, float[]> fresh = new HashMap<>();
      large
          .multiLayerNetwork()
          .paramTable()
          .forEach((k, v) -> fresh.put(k, v.dup().reshape(-1).toFloatVector()));
      List<String> copied = large.warmStartFrom(small);
      Map<String, INDArray> theirs = small.multiLayerNetwork().paramTable();
      Map<String, INDArray> now = large.multiLayerNetwork().paramTable();
      assertEquals(now.size() - 1, copied.size(), "all but FC1's weight: " + copied);
      for (var e : now.entrySet()) {
        if (copied.contains(e.getKey())) {
          assertArrayEquals(
              theirs.get(e.getKey()).dup().reshape(-1).toFloatVector(),
              e.getValue().dup().reshape(-1).toFloatVector(),
              e.getKey());
        } else {
          assertArrayEquals(
              fresh.get(e.getKey()), e.getValue().dup().reshape(-1).toFloatVector(), e.getKey());
        }
      }
    }
  }

  @Test
  void refusesAnotherEngine() {
    try (GradingNetwork torch = Engines.of("torch").create(spec(64, 1));
        GradingNetwork dl4j = Engines.of("dl4j").create(spec(64, 1))) {
      assertThrows(IllegalArgumentException.class, () -> torch.warmStartFrom(dl4j));
      assertThrows(IllegalArgumentException.class, () -> dl4j.warmStartFrom(torch));
    }
  }
}
