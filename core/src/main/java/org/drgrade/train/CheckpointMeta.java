package org.drgrade.train;

import java.io.Serializable;
import org.drgrade.grading.EvaluationState;
import org.drgrade.grading.MetricValue;
import org.drgrade.io.Json;

/**
 * What a checkpoint's epoch achieved, stored as JSON beside the model bytes so that the best epoch
 * can be chosen without loading any network.
 *
 * @param epoch epoch that produced the checkpoint (0-based)
 * @param iterations minibatch updates so far
 * @param trainImages images seen in that epoch
 * @param trainLoss {@link EpochResult#meanLoss()} of that epoch
 * @param valLogLoss validation log-loss, centre crops; NaN when there was no validation set
 * @param valKappa validation quadratic weighted kappa of the argmax grade
 * @param valAccuracy validation accuracy of the argmax grade
 */
public record CheckpointMeta(
    int epoch,
    int iterations,
    long trainImages,
    double trainLoss,
    double valLogLoss,
    MetricValue valKappa,
    MetricValue valAccuracy)
    implements Serializable {

  public static CheckpointMeta of(EpochResult fitted, int iterations, EvaluationState validation) {
    return new CheckpointMeta(
        fitted.epoch(),
        iterations,
        fitted.images(),
        fitted.meanLoss(),
        validation.logLoss(),
        validation.agreement().kappa(),
        validation.agreement().accuracy());
  }

  public String toJson() {
    return Json.pretty(this);
  }

  public static CheckpointMeta fromJson(String json) {
    return Json.parse(json, CheckpointMeta.class);
  }
}
