package org.drgrade.engine.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.LambdaBlock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.engine.ModelSummary;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.io.Json;
import org.junit.jupiter.api.Test;

/**
 * The libtorch engine builds docs/method.md's network as DL4J does and steps as DL4J's optimiser.
 */
class TorchNetworkTest {

  private static Minibatch random(int n, int size, long seed) {
    Random random = new Random(seed);
    float[] features = new float[n * 3 * size * size];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextGaussian();
    }
    int[] grades = new int[n];
    for (int i = 0; i < n; i++) {
      grades[i] = i % 5;
    }
    return new Minibatch(features, grades, size, 3);
  }

  @Test
  void sameLayersAndParameterCountsAsTheDl4jNetworkAt448() {
    NetworkSpec spec = NetworkSpec.reference();
    try (GradingNetwork torch = Engines.of("torch").create(spec);
        GradingNetwork dl4j = Engines.of("dl4j").create(spec)) {
      // Every kept value, running batch-norm statistics included: DL4J's numParams, 926,485.
      assertEquals(926_485, torch.parameters().length);
      assertEquals(dl4j.parameters().length, torch.parameters().length);
      // What the optimiser updates (one momentum value each): 925,205 = docs/method.md's 925,013
      // plus FC1's batch-norm scale and shift.
      assertEquals(925_205, torch.updaterState().length);
      // Both are the layout NetworkSpec states.
      assertEquals(ModelSummary.of(spec).storedParams(), torch.parameters().length);
      assertEquals(ModelSummary.of(spec).trainableParams(), torch.updaterState().length);
      float[][] p = torch.predict(random(2, 448, 1));
      assertEquals(2, p.length);
      for (float[] row : p) {
        assertEquals(5, row.length);
        double sum = 0;
        for (float v : row) {
          assertTrue(v >= 0 && v <= 1, "probability " + v);
          sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
      }
    }
  }

  @Test
  void initialisationIsDl4jsSchemeAndSeeded() {
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    try (GradingNetwork a = Engines.of("torch").create(spec);
        GradingNetwork b = Engines.of("torch").create(spec);
        GradingNetwork other = Engines.of("torch").create(withSeed(spec, spec.seed() + 1))) {
      assertArrayEquals(a.parameters(), b.parameters(), "same seed, same start");
      assertNotEquals(
          java.util.Arrays.hashCode(a.parameters()), java.util.Arrays.hashCode(other.parameters()));
      // The first conv's 16x3x3x3 weights are He-normal: std sqrt(2 / 27).
      float[] values = a.parameters();
      double sumSquares = 0;
      for (int i = 0; i < 16 * 27; i++) {
        sumSquares += values[i] * values[i];
      }
      double std = Math.sqrt(sumSquares / (16 * 27));
      assertEquals(Math.sqrt(2.0 / 27), std, 0.03);
      // Its 16 biases follow, all zero.
      for (int i = 16 * 27; i < 16 * 28; i++) {
        assertEquals(0f, values[i]);
      }
      assertEquals(0.0, norm(a.updaterState()), 0.0, "no momentum before the first step");
    }
  }

  @Test
  void learningRateFollowsThePlanByEpochAndStepsAreDeterministic() {
    NetworkSpec spec =
        new NetworkSpec(64, 3, 0.0, 5e-4, 0.9, new TreeMap<>(Map.of(0, 0.01, 1, 0.0001)), 7, 0.0);
    Minibatch batch = random(4, 64, 2);
    try (GradingNetwork a = Engines.of("torch").create(spec);
        GradingNetwork b = Engines.of("torch").create(spec)) {
      float[] start = a.parameters();
      a.fit(batch);
      b.fit(batch);
      assertArrayEquals(a.parameters(), b.parameters(), 1e-6f, "no dropout: the same step");
      assertTrue(distance(start, a.parameters()) > 0, "the step moved the parameters");
      // From zero momentum the first velocity is -rate x gradient: at epoch 1 the plan's rate is
      // 100x smaller, and so is the velocity (the gradient is the same, from the same start).
      double firstStep = norm(a.updaterState());
      try (GradingNetwork late = Engines.of("torch").create(spec)) {
        late.setEpoch(1);
        late.fit(batch);
        double lateStep = norm(late.updaterState());
        assertEquals(firstStep / 100, lateStep, firstStep / 1000, lateStep + " vs " + firstStep);
      }
      assertEquals(1, a.iterations());
    }
  }

  @Test
  void leakySlopeBuildsLeakyReluBlocksAndZeroBuildsPlainRelus() {
    NetworkSpec plain = NetworkSpec.reference().withInputSize(64);
    assertEquals(List.of(), activations(plain, "LeakyReLU"));
    assertEquals(10, activations(plain, "ReLU").size(), "9 convs and FC1");
    NetworkSpec leaky = plain.withLeakyReluSlope(0.01);
    assertEquals(10, activations(leaky, "LeakyReLU").size());
    assertEquals(List.of(), activations(leaky, "ReLU"));
  }

  @Test
  void leakyNetworkSavesAndLoadsBackWithTheSameActivation() {
    NetworkSpec leaky = NetworkSpec.reference().withInputSize(64).withLeakyReluSlope(0.01);
    Minibatch batch = random(3, 64, 5);
    try (GradingNetwork net = Engines.of("torch").create(leaky)) {
      net.fit(batch); // moves the batch-norm statistics off their defaults too
      float[][] before = net.predict(batch);
      try (GradingNetwork back = Engines.of("torch").read(net.toBytes())) {
        assertEquals(0.01, ((TorchNetwork) back).spec().leakyReluSlope());
        assertArrayEquals(before, back.predict(batch));
      }
      // The same weights behind plain ReLUs give other outputs: the slope is not a no-op.
      try (GradingNetwork relu = Engines.of("torch").create(leaky.withLeakyReluSlope(0))) {
        relu.setParameters(net.parameters());
        float[][] plain = relu.predict(batch);
        assertTrue(maxDifference(before, plain) > 1e-6, "leaky and plain outputs differ");
      }
    }
  }

  @Test
  void checkpointWrittenBeforeTheSlopeExistedReadsAsPlainRelu() throws Exception {
    NetworkSpec plain = NetworkSpec.reference().withInputSize(64);
    Minibatch batch = random(2, 64, 6);
    try (GradingNetwork net = Engines.of("torch").create(plain)) {
      byte[] old = withoutSlopeInHeader(net.toBytes());
      try (GradingNetwork back = Engines.of("torch").read(old)) {
        assertEquals(plain, ((TorchNetwork) back).spec());
        assertArrayEquals(net.predict(batch), back.predict(batch));
      }
    }
  }

  /** The checkpoint as an older build wrote it: no leakyReluSlope in the header's spec. */
  private static byte[] withoutSlopeInHeader(byte[] checkpoint) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(checkpoint));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] data = in.readAllBytes();
        if (e.getName().equals(TorchCheckpoint.HEADER)) {
          ObjectNode header = (ObjectNode) Json.mapper().readTree(data);
          assertTrue(((ObjectNode) header.get("spec")).remove("leakyReluSlope") != null);
          data = Json.mapper().writeValueAsBytes(header);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(data);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static List<String> activations(NetworkSpec spec, String name) {
    return TorchBlocks.build(spec).getChildren().values().stream()
        .filter(b -> b instanceof LambdaBlock l && l.getName().equals(name))
        .map(b -> name)
        .toList();
  }

  private static double maxDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int n = 0; n < a.length; n++) {
      for (int k = 0; k < a[n].length; k++) {
        max = Math.max(max, Math.abs(a[n][k] - b[n][k]));
      }
    }
    return max;
  }

  private static NetworkSpec withSeed(NetworkSpec s, long seed) {
    return new NetworkSpec(
        s.inputSize(),
        s.channels(),
        s.dropProbability(),
        s.l2(),
        s.momentum(),
        new TreeMap<>(s.learningRates()),
        seed,
        s.leakyReluSlope());
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v * (double) v;
    }
    return Math.sqrt(sum);
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }
}
