package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * drgrade's parameter averaging, by both of its trainers (rounds as Spark jobs, {@link
 * AveragingTrainer}; or one barrier stage per epoch whose workers average by ring, {@link
 * AllreduceTrainer}), is DL4J's algorithm: one worker is plain sequential training; two workers end
 * each round at the mean of what each would have reached alone, optimiser state included. No
 * dropout and the same thread count; libtorch's channels-last kernels still sum in a slightly
 * different order on another thread (1e-5), hence the 1e-4 tolerance. Momentum not carried over
 * between rounds puts the first weight off by 1.2e-3 (tried: the test then fails).
 */
class AveragingTrainerTest {
  /** libtorch's default in this JVM, so workers sum in the same order as the reference. */
  private static final int THREADS = Runtime.getRuntime().availableProcessors();

  private static final NetworkSpec SPEC =
      new NetworkSpec(64, 3, 0.0, 5e-4, 0.9, new TreeMap<>(Map.of(0, 0.01)), 11, 0.0);

  private static List<Minibatch> batches() {
    Random random = new Random(3);
    return java.util.stream.IntStream.range(0, 4)
        .mapToObj(
            b -> {
              float[] f = new float[4 * 3 * 64 * 64];
              for (int i = 0; i < f.length; i++) {
                f[i] = (float) random.nextGaussian();
              }
              return new Minibatch(f, new int[] {b % 5, (b + 1) % 5, (b + 2) % 5, 4}, 64, 3);
            })
        .toList();
  }

  private static final int SIZE_UPDATER = Engines.of("torch").create(SPEC).updaterState().length;

  /**
   * {@code actual} is {@code expected} up to float noise: their distance is under 0.2 % of how far
   * {@code expected} moved from {@code start}. (Momentum not carried between rounds is 1.1 % off on
   * the parameters and 100 % on the momentum; tried.)
   */
  private static void assertClose(
      float[] expected, float[] actual, float[] start, double tolerance) {
    double error = distance(expected, actual);
    double moved = distance(expected, start);
    assertTrue(moved > 0, "nothing moved");
    assertTrue(error < tolerance * moved, "off by " + error + " of a move of " + moved);
  }

  private static float[] mean(List<float[]> arrays) {
    float[] out = new float[arrays.get(0).length];
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (float[] a : arrays) {
        sum += a[i];
      }
      out[i] = (float) (sum / arrays.size());
    }
    return out;
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }

  private static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
  }

  /** drgrade's two trainers of the same algorithm: rounds as Spark jobs, or a ring per epoch. */
  private static DistributedTrainer trainer(String averaging, GradingNetwork net) {
    return net.engine().trainer(sc(), net, plan(2, averaging));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {AveragingPlan.DRGRADE, AveragingPlan.ALLREDUCE, AveragingPlan.ALLREDUCE_OVERLAP})
  void oneWorkerIsSequentialTraining(String averaging) {
    List<Minibatch> batches = batches();
    try (GradingNetwork alone = Engines.of("torch").create(SPEC)) {
      float[] start = alone.parameters();
      double lossSum = 0;
      for (Minibatch b : batches) {
        lossSum += alone.fit(b);
      }
      DistributedTrainer trainer = trainer(averaging, Engines.of("torch").create(SPEC));
      double loss =
          trainer.fitEpoch(sc().parallelize(batches, 1), BatchDecoder.identity(), 0).loss();

      GradingNetwork averaged = trainer.network();
      assertClose(alone.parameters(), averaged.parameters(), start, 0.005);
      assertClose(alone.updaterState(), averaged.updaterState(), new float[SIZE_UPDATER], 0.05);
      assertEquals(lossSum / 4, loss, 1e-3, "mean loss over the 4 minibatches");
      assertEquals(1, averaged.epoch());
      assertEquals(4, averaged.iterations(), "two rounds of two minibatches");
      averaged.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {AveragingPlan.DRGRADE, AveragingPlan.ALLREDUCE, AveragingPlan.ALLREDUCE_OVERLAP})
  void twoWorkersEndAtTheMeanOfTheirParametersAndMomentum(String averaging) {
    List<Minibatch> batches = batches();
    try (GradingNetwork first = Engines.of("torch").create(SPEC);
        GradingNetwork second = Engines.of("torch").create(SPEC)) {
      float[] start = first.parameters();
      first.fit(batches.get(0));
      first.fit(batches.get(1));
      second.fit(batches.get(2));
      second.fit(batches.get(3));
      DistributedTrainer trainer = trainer(averaging, Engines.of("torch").create(SPEC));
      trainer.fitEpoch(sc().parallelize(batches, 2), BatchDecoder.identity(), 0);

      GradingNetwork averaged = trainer.network();
      assertClose(
          mean(List.of(first.parameters(), second.parameters())),
          averaged.parameters(),
          start,
          0.005);
      assertClose(
          mean(List.of(first.updaterState(), second.updaterState())),
          averaged.updaterState(),
          new float[SIZE_UPDATER],
          0.05);
      assertEquals(2, averaged.iterations(), "one round of two minibatches per worker");
      averaged.close();
    }
  }

  /**
   * Compact minibatches (here a seed each, decoded into tensors on the executor) laid out by round:
   * a worker with 3 minibatches and one with 1, averaging every 2. Round 1 averages the first
   * worker's first two fits with the second worker's only one; round 2 is the first worker's third
   * minibatch alone, from that mean. Each engine ends where doing exactly that by hand ends.
   */
  @ParameterizedTest
  @ValueSource(strings = {AveragingPlan.DRGRADE, AveragingPlan.ALLREDUCE})
  void unevenWorkersFitEachCompactMinibatchOnceInItsRound(String averaging) {
    List<Minibatch> batches = batches();
    for (Engine engine : Engines.all()) {
      try (GradingNetwork first = engine.create(SPEC);
          GradingNetwork second = engine.create(SPEC);
          GradingNetwork expected = engine.create(SPEC)) {
        float[] start = first.parameters();
        first.fit(batches.get(0));
        first.fit(batches.get(1));
        second.fit(batches.get(3));
        expected.setParameters(mean(List.of(first.parameters(), second.parameters())));
        expected.setUpdaterState(mean(List.of(first.updaterState(), second.updaterState())));
        expected.fit(batches.get(2));

        DistributedTrainer trainer = trainer(averaging, engine.create(SPEC));
        EpochFit fit = fitUneven(trainer);

        GradingNetwork averaged = trainer.network();
        assertClose(expected.parameters(), averaged.parameters(), start, 0.005);
        assertEquals(
            3, averaged.iterations(), engine.id() + ": two rounds, of 2 and 1 minibatches");
        assertEquals(2, fit.rounds().rounds());
        assertEquals(2, fit.rounds().workers());
        assertTrue(fit.rounds().fit() > 0 && fit.rounds().wall() >= fit.rounds().fit());
        assertTrue(Double.isFinite(fit.loss()));
        averaged.close();
      }
    }
  }

  /**
   * Overlapped, the same uneven workers take each round's mean one round late, plus their own
   * progress since: worker 0 fits its third minibatch from its own state after round 1 (not from
   * the mean, which is still on the ring), then takes round 1's mean plus that step. The worker
   * that had nothing left adds nothing to round 2 and ends on the same state.
   */
  @Test
  void overlappedWorkersTakeEachMeanOneRoundLatePlusTheirOwnProgress() {
    List<Minibatch> batches = batches();
    for (Engine engine : Engines.all()) {
      try (GradingNetwork first = engine.create(SPEC);
          GradingNetwork second = engine.create(SPEC)) {
        float[] start = first.parameters();
        first.fit(batches.get(0));
        first.fit(batches.get(1));
        second.fit(batches.get(3));
        float[] meanParameters = mean(List.of(first.parameters(), second.parameters()));
        float[] meanMomentum = mean(List.of(first.updaterState(), second.updaterState()));
        float[] roundOneParameters = first.parameters();
        float[] roundOneMomentum = first.updaterState();
        first.fit(batches.get(2)); // from its own state: round 1's mean is not in yet
        float[] expectedParameters =
            plusProgress(meanParameters, first.parameters(), roundOneParameters);
        float[] expectedMomentum =
            plusProgress(meanMomentum, first.updaterState(), roundOneMomentum);

        DistributedTrainer trainer = trainer(AveragingPlan.ALLREDUCE_OVERLAP, engine.create(SPEC));
        EpochFit fit = fitUneven(trainer);

        GradingNetwork averaged = trainer.network();
        assertClose(expectedParameters, averaged.parameters(), start, 0.005);
        assertClose(expectedMomentum, averaged.updaterState(), new float[SIZE_UPDATER], 0.05);
        assertTrue(
            distance(expectedParameters, averaged.parameters())
                < 0.2 * distance(expectedParameters, meanParameters),
            engine.id() + ": worker 0's third step counts once");
        assertEquals(3, averaged.iterations(), engine.id());
        assertEquals(2, fit.rounds().rounds(), "two means taken");
        assertTrue(fit.rounds().ringExchange() > 0 && fit.rounds().stateCopy() > 0);
        averaged.close();
      }
    }
  }

  /**
   * One epoch of compact minibatches (a seed each, decoded on the executor): partition 0 = worker 0
   * (minibatches 0, 1, 2), partition 1 = worker 1 (minibatch 3).
   */
  private static EpochFit fitUneven(DistributedTrainer trainer) {
    BatchDecoder<Integer> decoder = i -> batches().get(i);
    return trainer.fitEpoch(
        sc().parallelize(List.of(0, 1, 2, 3), 2)
            .mapPartitionsWithIndex(
                (w, it) -> w == 0 ? List.of(0, 1, 2).iterator() : List.of(3).iterator(), true),
        decoder,
        0);
  }

  /** {@code mean + (now - then)}, element by element. */
  private static float[] plusProgress(float[] mean, float[] now, float[] then) {
    float[] out = new float[mean.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = mean[i] + (now[i] - then[i]);
    }
    return out;
  }

  @Test
  void theTreeDeepensPastSixteenWorkers() {
    assertEquals(2, AveragingTrainer.treeDepth(1));
    assertEquals(2, AveragingTrainer.treeDepth(16));
    assertEquals(3, AveragingTrainer.treeDepth(17));
    assertEquals(3, AveragingTrainer.treeDepth(256));
    assertEquals(4, AveragingTrainer.treeDepth(257));
  }

  /** Averaging every {@code frequency} minibatches on THREADS threads, no GPU. */
  private static AveragingPlan plan(int frequency, String averaging) {
    return new AveragingPlan(2, 2, frequency, 1, THREADS, 0, true, averaging);
  }
}
