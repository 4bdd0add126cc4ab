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
import org.drgrade.grading.EvaluationState;
import org.drgrade.model.Augmenter;
import org.drgrade.model.Standardisation;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole local training path learns a toy task, on either engine: augment, batch, fit epochs,
 * then evaluate centre crops of unseen images (chance accuracy 0.2, chance log-loss ln 5 = 1.61).
 */
@IntegrationTest
class LearningTest {

  /**
   * What a training of 8 epochs on the blobs left: each epoch's figures and the held-out scores.
   */
  private record Trained(List<EpochResult> epochs, EvaluationState heldOut, int networkEpoch) {
    double firstLoss() {
      return epochs.get(0).meanLoss();
    }

    double lastLoss() {
      return epochs.get(epochs.size() - 1).meanLoss();
    }
  }

  private static Trained train(Engine engine, NetworkSpec spec) {
    SyntheticBlobs data = new SyntheticBlobs(160, 72, 7);
    Augmenter augmenter =
        new Augmenter(
            72,
            64,
            new Standardisation(new float[] {0.2f, 0.2f, 0.2f}, new float[] {0.3f, 0.3f, 0.3f}),
            11);
    TrainingBackend backend = new LocalTrainingBackend(engine.create(spec));
    List<EpochResult> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < 8; epoch++) {
      epochs.add(backend.fitEpoch(data.batches(augmenter, epoch, 16, true)));
    }
    EvaluationState eval =
        backend.evaluate(new SyntheticBlobs(60, 72, 99).batches(augmenter, 0, 32, false));
    return new Trained(epochs, eval, backend.network().epoch());
  }

  @ParameterizedTest
  @MethodSource("org.drgrade.engine.Engines#all")
  void lossFallsAndAccuracyBeatsChance(Engine engine) {
    Trained t =
        train(
            engine,
            new NetworkSpec(
                64, 3, 0.2, 1e-4, 0.9, new TreeMap<>(Map.of(0, 0.05, 5, 0.01)), 3, 0.0));
    assertEquals(7, t.epochs().get(7).epoch());
    assertEquals(8, t.networkEpoch());
    assertEquals(160, t.epochs().get(0).images());
    assertTrue(t.lastLoss() < 0.6 * t.firstLoss(), "loss did not fall: " + t.epochs());
    EvaluationState eval = t.heldOut();
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
  @MethodSource("org.drgrade.engine.Engines#all")
  void regressionHeadLearnsTheGradeOrder(Engine engine) {
    Trained t =
        train(
            engine,
            new NetworkSpec(64, 3, 0.2, 1e-4, 0.9, new TreeMap<>(Map.of(0, 0.01, 5, 0.003)), 3, 0.0)
                .withHead(OutputHead.REGRESSION));
    assertTrue(t.lastLoss() < 0.5 * t.firstLoss(), "squared error did not fall: " + t.epochs());
    EvaluationState eval = t.heldOut();
    assertEquals(60, eval.images());
    double kappa = eval.agreement().kappa().orThrow();
    assertTrue(kappa > 0.6, "kappa " + kappa + ": " + eval.agreement());
    assertTrue(Double.isFinite(eval.logLoss()), "log-loss " + eval.logLoss());
  }
}
