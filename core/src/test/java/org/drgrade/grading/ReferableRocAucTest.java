package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferableRocAucTest {

  @Test
  void handComputedCase() {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
    double[] scores = {0.1, 0.4, 0.35, 0.8};
    int[] grades = {0, 1, 2, 4};
    assertEquals(0.75, ReferableRocAuc.of(scores, grades).value(), 1e-15);
  }

  @Test
  void tiesCountHalf() {
    assertEquals(0.5, ReferableRocAuc.of(new double[] {0.5, 0.5}, new int[] {0, 3}).value(), 1e-15);
    // Negatives score 0.2, 0.9; positives 0.2, 0.9. Pairs (pos, neg): tie, lose, win, tie.
    double auc =
        ReferableRocAuc.of(new double[] {0.2, 0.9, 0.2, 0.9}, new int[] {0, 1, 2, 2}).value();
    assertEquals((0.5 + 0 + 1 + 0.5) / 4, auc, 1e-15);
  }

  @Test
  void perfectAndReversedRankings() {
    int[] grades = {0, 1, 2, 3};
    assertEquals(1.0, ReferableRocAuc.of(new double[] {0.1, 0.2, 0.3, 0.4}, grades).value());
    assertEquals(0.0, ReferableRocAuc.of(new double[] {0.4, 0.3, 0.2, 0.1}, grades).value());
  }

  @Test
  void agreesWithPairwiseCountOnRandomData() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(300);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(20) / 20.0; // coarse, so ties are common
        positive[i] = random.nextDouble() < 0.3;
      }
      double pairs = 0;
      double wins = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (positive[i] && !positive[j]) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      MetricValue auc = ReferableRocAuc.of(scores, positive);
      assertEquals(pairs > 0, auc.defined());
      if (pairs > 0) {
        assertEquals(wins / pairs, auc.value(), 1e-12);
      }
    }
  }

  @Test
  void undefinedWithoutBothClasses() {
    assertFalse(ReferableRocAuc.of(new double[] {0.1, 0.9}, new int[] {0, 1}).defined());
    assertFalse(ReferableRocAuc.of(new double[] {0.1, 0.9}, new int[] {2, 4}).defined());
    assertFalse(ReferableRocAuc.of(new double[0], new int[0]).defined());
  }
}
