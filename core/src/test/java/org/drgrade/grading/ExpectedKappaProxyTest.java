package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.drgrade.synth.SyntheticDistributions;
import org.junit.jupiter.api.Test;

class ExpectedKappaProxyTest {

  @Test
  void handComputedCase() {
    double[][] p = RandomDistributions.oneHot(new int[] {0, 2});
    assertEquals(1.0, ExpectedKappaProxy.of(p, new int[] {0, 2}).value(), 1e-15);
    // TSE = 1; h_true = (1,0,1,0,0), h_pred = (1,1,0,0,0): ESE = (4 + 1 + 1) / 2 = 3.
    assertEquals(1 - 1.0 / 3, ExpectedKappaProxy.of(p, new int[] {0, 1}).value(), 1e-15);
  }

  @Test
  void certainDistributionsGiveTheTrueKappa() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(40);
      int[] truth = IntStream.range(0, n).map(i -> random.nextInt(5)).toArray();
      int[] labels = IntStream.range(0, n).map(i -> random.nextInt(5)).toArray();
      var kappa = GradeAgreement.of(truth, labels).kappa();
      var proxy = ExpectedKappaProxy.of(RandomDistributions.oneHot(truth), labels);
      assertEquals(kappa.defined(), proxy.defined());
      if (kappa.defined()) {
        assertEquals(kappa.value(), proxy.value(), 1e-12);
      }
    }
  }

  @Test
  void incrementalMovesMatchRecomputationFromScratch() {
    SplittableRandom random = new SplittableRandom(17);
    double[][] p = RandomDistributions.rows(300, 1.5, random);
    IncrementalProxy state = new IncrementalProxy(p, DecisionBaselines.argmax(p));
    for (int move = 0; move < 20_000; move++) {
      int image = random.nextInt(p.length);
      int label = random.nextInt(5);
      double predicted = state.proxyAfterMove(image, label);
      state.move(image, label);
      assertEquals(predicted, state.proxy(), 1e-12);
      if (move % 1000 == 0) {
        assertEquals(ExpectedKappaProxy.of(p, state.labels()).value(), state.proxy(), 1e-12);
      }
    }
    assertEquals(ExpectedKappaProxy.of(p, state.labels()).value(), state.proxy(), 1e-12);
  }

  @Test
  void incrementalStateStaysWithin1e9OfRecomputationOverAMillionMovesOnKaggleShapedData() {
    double[][] p = SyntheticDistributions.generate(10_000, 19).p();
    SplittableRandom random = new SplittableRandom(19);
    IncrementalProxy state = new IncrementalProxy(p, DecisionBaselines.roundedExpectation(p));
    for (int move = 1; move <= 1_000_000; move++) {
      int image = random.nextInt(p.length);
      int label = random.nextInt(5);
      double predicted = state.proxyAfterMove(image, label);
      state.move(image, label);
      assertEquals(predicted, state.proxy(), 1e-9);
      if (move % 100_000 == 0) {
        assertEquals(
            ExpectedKappaProxy.of(p, state.labels()).value(),
            state.proxy(),
            1e-9,
            "after " + move + " moves");
      }
    }
  }

  @Test
  void undefinedCasesAreReported() {
    assertFalse(ExpectedKappaProxy.of(new double[0][], new int[0]).defined());
    double[][] allThree = RandomDistributions.oneHot(new int[] {3, 3, 3});
    assertFalse(ExpectedKappaProxy.of(allThree, new int[] {3, 3, 3}).defined());
    assertEquals(0.0, ExpectedKappaProxy.of(allThree, new int[] {3, 2, 3}).value(), 1e-15);
    assertThrows(
        IllegalArgumentException.class, () -> new IncrementalProxy(allThree, new int[] {3, 3, 3}));
  }

  @Test
  void rejectsRowsThatAreNotDistributions() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ExpectedKappaProxy.of(new double[][] {{0.5, 0.4, 0, 0, 0}}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExpectedKappaProxy.of(new double[][] {{1.5, -0.5, 0, 0, 0}}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExpectedKappaProxy.of(new double[][] {{1, 0, 0, 0}}, new int[] {0}));
  }
}
