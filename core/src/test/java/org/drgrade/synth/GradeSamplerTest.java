package org.drgrade.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradeSamplerTest {
  private static final int PATIENTS = 5000;

  @Test
  void fittedTableHasKagglePriorAndAgreementAndIsSymmetric() {
    JointGradeTable table = JointGradeTable.kaggle();
    double[] marginal = table.marginal();
    for (int g = 0; g < 5; g++) {
      assertEquals(JointGradeTable.KAGGLE_PRIOR[g], marginal[g], 1e-6, "marginal of grade " + g);
      for (int h = 0; h < 5; h++) {
        assertEquals(
            table.probabilities()[g][h],
            table.probabilities()[h][g],
            1e-9,
            "symmetry " + g + "," + h);
      }
    }
    for (int d = 0; d < 3; d++) {
      assertEquals(JointGradeTable.KAGGLE_WITHIN[d], table.within(d), 1e-4, "within " + d);
    }
  }

  @Test
  void sampledPatientsMatchPriorAndPairAgreement() {
    GradeSampler sampler = GradeSampler.kaggle();
    int[] count = new int[5];
    int[] withinDistance = new int[3];
    for (int p = 0; p < PATIENTS; p++) {
      GradePair pair = sampler.sample(7, p);
      count[pair.left()]++;
      count[pair.right()]++;
      for (int d = 0; d < 3; d++) {
        if (Math.abs(pair.left() - pair.right()) <= d) withinDistance[d]++;
      }
    }
    for (int g = 0; g < 5; g++) {
      assertEquals(
          JointGradeTable.KAGGLE_PRIOR[g],
          count[g] / (2.0 * PATIENTS),
          0.02,
          "frequency of grade " + g);
    }
    for (int d = 0; d < 3; d++) {
      assertEquals(
          JointGradeTable.KAGGLE_WITHIN[d],
          withinDistance[d] / (double) PATIENTS,
          0.015,
          "within " + d);
    }
  }

  @Test
  void samplingIsDeterministicPerSeedAndPatient() {
    GradeSampler sampler = GradeSampler.kaggle();
    assertEquals(draw(sampler, 1), draw(sampler, 1));
    assertNotEquals(draw(sampler, 1), draw(sampler, 2));
    // patient 17 alone gives the same pair as patient 17 drawn after all the others
    assertEquals(draw(sampler, 1).get(17), sampler.sample(1, 17));
  }

  private static List<GradePair> draw(GradeSampler sampler, long seed) {
    List<GradePair> pairs = new ArrayList<>();
    for (int p = 0; p < 200; p++) pairs.add(sampler.sample(seed, p));
    return pairs;
  }
}
