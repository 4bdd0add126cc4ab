package org.drgrade.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a training run produced, written as train/summary.json. For a cross-validated run ({@code
 * folds} K > 1) the images are the folds' totals of one fold's training and all patients'
 * validation, the history is the mean over the folds epoch by epoch, and each fold's own summary is
 * in folds/fold-k/summary.json.
 */
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
    double seconds,
    int folds) {

  /** The summary of K folds' runs, in fold order. */
  static TrainSummary ofFolds(String output, List<TrainSummary> folds, double seconds) {
    TrainSummary first = folds.get(0);
    return new TrainSummary(
        "train",
        output,
        first.epochs(),
        folds.stream().mapToInt(TrainSummary::resumedAtEpoch).min().orElse(0),
        Math.round(folds.stream().mapToLong(TrainSummary::trainImages).average().orElse(0)),
        folds.stream().mapToLong(TrainSummary::validationImages).sum(),
        meanByEpoch(folds.stream().map(TrainSummary::history).toList()),
        folds.stream().flatMap(f -> f.checkpoints().stream()).toList(),
        first.referenceParams(),
        seconds,
        folds.size());
  }

  /**
   * Epoch by epoch, the mean of the folds' figures (kappa and accuracy over the folds that have
   * one), over the epochs every fold has.
   */
  static List<EpochMetrics> meanByEpoch(List<List<EpochMetrics>> histories) {
    int epochs = histories.stream().mapToInt(List::size).min().orElse(0);
    List<EpochMetrics> mean = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      int at = e;
      List<EpochMetrics> m = histories.stream().map(h -> h.get(at)).toList();
      mean.add(
          new EpochMetrics(
              m.get(0).epoch(),
              m.get(0).epochs(),
              Math.round(m.stream().mapToLong(EpochMetrics::batches).average().orElse(0)),
              Math.round(m.stream().mapToLong(EpochMetrics::trainImages).average().orElse(0)),
              m.stream().mapToDouble(EpochMetrics::seconds).average().orElse(0),
              m.get(0).learningRate(),
              m.stream().mapToDouble(EpochMetrics::trainLoss).average().orElse(Double.NaN),
              m.stream().mapToDouble(EpochMetrics::valLogLoss).average().orElse(Double.NaN),
              meanOf(m.stream().map(EpochMetrics::valKappa).toList()),
              meanOf(m.stream().map(EpochMetrics::valAccuracy).toList()),
              Math.round(m.stream().mapToLong(EpochMetrics::valImages).average().orElse(0)),
              null));
    }
    return mean;
  }

  private static Double meanOf(List<Double> values) {
    var defined = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue);
    var mean = defined.average();
    return mean.isPresent() ? mean.getAsDouble() : null;
  }

  public String text() {
    EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
    return String.format(
        "train: %d epochs (%s)%s, %d train / %d validation images, %d parameters (reference count)%n"
            + "  last epoch: %s%n  checkpoints: %s%n  output: %s (%.1f s)",
        epochs,
        resumedAtEpoch == 0
            ? "from scratch"
            : resumedAtEpoch >= epochs
                ? "all already done"
                : "resumed at epoch " + (resumedAtEpoch + 1),
        folds > 1 ? " x " + folds + " folds (train images per fold, validation of all)" : "",
        trainImages,
        validationImages,
        referenceParams,
        last == null ? "none" : last.line(0),
        checkpoints,
        output,
        seconds);
  }
}
