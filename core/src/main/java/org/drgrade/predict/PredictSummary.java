package org.drgrade.predict;

import java.util.List;
import java.util.Map;

/** What prediction produced, written as predict/summary.json. */
public record PredictSummary(
    String stage,
    String output,
    long images,
    Map<String, Long> imagesBySplit,
    int augmentations,
    List<Integer> checkpointEpochs,
    PredictionsTable.ValidationMetrics validation,
    double seconds) {

  public String text() {
    return String.format(
        "predict: %d images %s, each the mean of %d augmentations x %d checkpoints (epochs %s)%n"
            + "  validation (%d images): log-loss %.4f, argmax kappa %s, accuracy %s%n  output: %s (%.1f s)",
        images,
        imagesBySplit,
        augmentations,
        checkpointEpochs.size(),
        checkpointEpochs.stream().map(e -> String.valueOf(e + 1)).toList(),
        validation.images(),
        validation.logLoss(),
        validation.argmaxKappa().defined()
            ? String.format("%.4f", validation.argmaxKappa().value())
            : "undefined",
        validation.argmaxAccuracy().defined()
            ? String.format("%.4f", validation.argmaxAccuracy().value())
            : "undefined",
        output,
        seconds);
  }
}
