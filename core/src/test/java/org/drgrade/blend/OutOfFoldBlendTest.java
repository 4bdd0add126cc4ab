package org.drgrade.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutOfFoldBlendTest {

  @Test
  void blendsEachPatientOnceWithABlenderFittedWithoutIt() {
    List<EyePair> validation = SyntheticPatients.generate(200, 10, 5);
    Set<String> blendedPatients = new HashSet<>();
    int[] fits = {0};
    List<EyePair> outOfFold =
        OutOfFoldBlend.of(
            validation,
            5,
            2015,
            fitted -> {
              fits[0]++;
              Set<String> seen = new HashSet<>();
              fitted.forEach(p -> seen.add(p.patient()));
              return pair -> {
                assertFalse(seen.contains(pair.patient()), pair.patient() + " was fitted on");
                assertTrue(blendedPatients.add(pair.patient()), pair.patient() + " blended twice");
                return new LinearBlend(0.5).blend(pair);
              };
            });
    assertEquals(5, fits[0]);
    assertEquals(validation.size(), blendedPatients.size());
    // in input order, each blended
    for (int i = 0; i < validation.size(); i++) {
      assertEquals(validation.get(i).patient(), outOfFold.get(i).patient());
      assertArrayEquals(
          new LinearBlend(0.5).blend(validation.get(i)).left(), outOfFold.get(i).left(), 0);
    }
  }

  /**
   * Out of fold, the linear blend still raises kappa on shared severity, a little less than fitted.
   */
  @Test
  void theLinearBlendOutOfFoldKeepsMostOfItsGain() {
    List<EyePair> validation = SyntheticPatients.generate(1000, 40, 11);
    LinearBlend.Fit fit = LinearBlend.fit(validation);
    BlendScores outOfFold =
        BlendScores.of(
            OutOfFoldBlend.of(validation, 5, 2015, fitted -> LinearBlend.fit(fitted).blend()));
    double before = fit.before().exactKappa().orThrow();
    double after = outOfFold.exactKappa().orThrow();
    assertTrue(after > before + 0.03, "out of fold " + after + " vs raw " + before);
    assertTrue(after <= fit.after().exactKappa().orThrow() + 0.01, fit + " vs " + outOfFold);
  }
}
