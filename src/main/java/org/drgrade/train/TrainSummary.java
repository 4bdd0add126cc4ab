package org.drgrade.train;

import java.util.List;

/** What a training run produced, written as train/summary.json. */
public record TrainSummary(
    String stage,
    String output,
    int epochs,
    int resumedAtEpoch,
    long trainImages,
    long validationImages,
    List<EpochMetrics> history,
    List<String> checkpoints,
    long referenceParams,
    double seconds) {

  public String text() {
    EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
    return String.format(
        "train: %d epochs (%s), %d train / %d validation images, %d parameters (reference count)%n"
            + "  last epoch: %s%n  checkpoints: %s%n  output: %s (%.1f s)",
        epochs,
        resumedAtEpoch == 0
            ? "from scratch"
            : resumedAtEpoch >= epochs
                ? "all already done"
                : "resumed at epoch " + (resumedAtEpoch + 1),
        trainImages,
        validationImages,
        referenceParams,
        last == null ? "none" : last.line(0),
        checkpoints,
        output,
        seconds);
  }
}
