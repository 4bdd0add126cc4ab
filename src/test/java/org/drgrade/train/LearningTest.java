package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.drgrade.engine.Engine;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole local training path learns a toy task, on either engine: augment, batch, fit epochs,
 * then evaluate centre crops of unseen images (chance accuracy 0.2, chance log-loss ln 5 = 1.61).
 */
class LearningTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void lossFallsAndAccuracyBeatsChance(Engine engine) {
    SyntheticBlobs data = new SyntheticBlobs(160, 72, 7);
    Augmenter augmenter =
        new Augmenter(
            72,
            64,
            new Standardisation(new float[] {0.2f, 0.2f, 0.2f}, new float[] {0.3f, 0.3f, 0.3f}),
            11);
    NetworkSpec spec =
        new NetworkSpec(64, 3, 0.2, 1e-4, 0.9, new TreeMap<>(Map.of(0, 0.05, 5, 0.01)), 3, 0.0);
    TrainingBackend backend = new LocalTrainingBackend(engine.create(spec));

    List<EpochResult> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < 8; epoch++) {
      epochs.add(backend.fitEpoch(data.batches(augmenter, epoch, 16, true)));
    }
    SyntheticBlobs heldOut = new SyntheticBlobs(60, 72, 99);
    EvaluationState eval = backend.evaluate(heldOut.batches(augmenter, 0, 32, false));

    assertEquals(7, epochs.get(7).epoch());
    assertEquals(8, backend.network().epoch());
    assertEquals(160, epochs.get(0).images());
    double first = epochs.get(0).meanLoss();
    double last = epochs.get(epochs.size() - 1).meanLoss();
    assertTrue(last < 0.6 * first, "loss did not fall: " + epochs);
    assertEquals(60, eval.images());
    assertTrue(
        eval.agreement().accuracy().orThrow() > 0.4, "no better than chance: " + eval.agreement());
    assertTrue(eval.logLoss() < Math.log(5), "log-loss " + eval.logLoss());
  }

  /**
   * The regression head learns the number of blobs as a grade: its squared error falls, and the
   * grade nearest its output (the mode of the distribution it reports) agrees with the truth on
   * unseen images far beyond chance (quadratic kappa 0 for guessing).
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void regressionHeadLearnsTheGradeOrder(Engine engine) {
    SyntheticBlobs data = new SyntheticBlobs(160, 72, 7);
    Augmenter augmenter =
        new Augmenter(
            72,
            64,
            new Standardisation(new float[] {0.2f, 0.2f, 0.2f}, new float[] {0.3f, 0.3f, 0.3f}),
            11);
    NetworkSpec spec =
        new NetworkSpec(64, 3, 0.2, 1e-4, 0.9, new TreeMap<>(Map.of(0, 0.01, 5, 0.003)), 3, 0.0)
            .withHead(OutputHead.REGRESSION);
    TrainingBackend backend = new LocalTrainingBackend(engine.create(spec));

    List<EpochResult> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < 8; epoch++) {
      epochs.add(backend.fitEpoch(data.batches(augmenter, epoch, 16, true)));
    }
    EvaluationState eval =
        backend.evaluate(new SyntheticBlobs(60, 72, 99).batches(augmenter, 0, 32, false));

    double first = epochs.get(0).meanLoss();
    double last = epochs.get(epochs.size() - 1).meanLoss();
    assertTrue(last < 0.5 * first, "squared error did not fall: " + epochs);
    assertEquals(60, eval.images());
    double kappa = eval.agreement().kappa().orThrow();
    assertTrue(kappa > 0.6, "kappa " + kappa + ": " + eval.agreement());
    assertTrue(Double.isFinite(eval.logLoss()), "log-loss " + eval.logLoss());
  }
}
