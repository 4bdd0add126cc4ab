package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationStateTest {

  @Test
  void logLossAndArgmaxAgreementMergeAcrossPartitions() {
    EvaluationState left =
        new EvaluationState()
            .add(new float[] {0.5f, 0.25f, 0.25f, 0f, 0f}, 0)
            .add(new float[] {0.1f, 0.1f, 0.2f, 0.6f, 0f}, 3);
    EvaluationState right = new EvaluationState().add(new float[] {0f, 0f, 0f, 0f, 1f}, 2);

    EvaluationState all = left.merge(right);

    assertEquals(3, all.images());
    double expected = (-Math.log(0.5) - Math.log(0.6) - Math.log(1e-15)) / 3;
    assertEquals(expected, all.logLoss(), 1e-6);
    long[][] confusion = all.agreement().confusion();
    assertEquals(1, confusion[0][0]);
    assertEquals(1, confusion[3][3]);
    assertEquals(1, confusion[2][4]);
    assertTrue(Double.isNaN(new EvaluationState().logLoss()));
  }
}
