package org.drgrade.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearBlendTest {
  private static final double[] HEALTHY = {0.8, 0.1, 0.05, 0.03, 0.02};
  private static final double[] MODERATE = {0.1, 0.2, 0.5, 0.1, 0.1};

  @Test
  void ownWeightOneIsTheIdentity() {
    List<EyePair> pairs = SyntheticPatients.generate(50, 5, 3);
    List<EyePair> blended = new LinearBlend(1).blendAll(pairs);
    for (int i = 0; i < pairs.size(); i++) {
      assertArrayEquals(pairs.get(i).left(), blended.get(i).left(), 0);
      if (pairs.get(i).hasBothEyes()) {
        assertArrayEquals(pairs.get(i).right(), blended.get(i).right(), 0);
      }
    }
  }

  @Test
  void mixesEachEyeWithTheOtherSymmetrically() {
    EyePair blended = new LinearBlend(0.7).blend(new EyePair("p", HEALTHY, MODERATE, null, null));
    assertArrayEquals(new double[] {0.59, 0.13, 0.185, 0.051, 0.044}, blended.left(), 1e-12);
    assertArrayEquals(new double[] {0.31, 0.17, 0.365, 0.079, 0.076}, blended.right(), 1e-12);
    assertEquals("p", blended.patient());
  }

  @Test
  void oneEyedPatientsPassThroughUnchanged() {
    EyePair oneEyed = new EyePair("solo", null, MODERATE, null, 2);
    assertSame(oneEyed, new LinearBlend(0.5).blend(oneEyed));
  }

  @Test
  void rejectsWeightsOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> new LinearBlend(1.05));
    assertThrows(IllegalArgumentException.class, () -> new LinearBlend(Double.NaN));
  }

  /**
   * Measured here: c = 0.50, exact kappa 0.740 -> 0.826 (other seeds: c 0.55-0.70, +0.07 to +0.08).
   */
  @Test
  void fitOnSharedSeverityBlendsAndRaisesKappa() {
    List<EyePair> validation = SyntheticPatients.generate(1000, 40, 11);
    LinearBlend.Fit fit = LinearBlend.fit(validation);

    double c = fit.blend().ownWeight();
    assertTrue(c > 0.4 && c < 0.95, "own-eye weight " + c);
    assertEquals(BlendScores.of(validation), fit.before());
    assertEquals(BlendScores.of(fit.blend().blendAll(validation)), fit.after());
    double before = fit.before().exactKappa().orThrow();
    double after = fit.after().exactKappa().orThrow();
    assertTrue(after > before + 0.03, "kappa " + before + " -> " + after);
    assertTrue(fit.after().logLoss() < fit.before().logLoss(), fit.toString());
    assertEquals(2 * 1000 - 40, fit.after().eyes());
  }
}
