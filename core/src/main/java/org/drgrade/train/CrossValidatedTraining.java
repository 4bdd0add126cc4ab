package org.drgrade.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.ConfigError;
import org.drgrade.folds.PatientFolds;
import org.drgrade.folds.PatientSplit;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;
import org.drgrade.io.StageMarker;

/**
 * drgrade.train.folds = K > 1: K networks, one per patient fold, each trained on the other K - 1
 * folds and validated on its own. Every labelled patient is then predicted by networks that never
 * saw them (out of fold), so blend and decide fit on all patients instead of a 20 % hold-back, and
 * an unlabelled image gets the mean of all K folds' networks: the cross-validated ensemble most top
 * Kaggle teams submitted.
 *
 * <p>Layout under the train output: {@code split/} (patient, split = validation, fold), and {@code
 * folds/fold-k/}, a complete single-split run of its own (split, checkpoints, epochs, metrics,
 * summary.json, _SUCCESS). Folds are stratified by the patient's worse grade and saved before any
 * training; a rerun resumes every fold after its last complete checkpoint.
 */
final class CrossValidatedTraining {
  private static final Logger LOG = LogManager.getLogger(CrossValidatedTraining.class);

  private final SparkSession spark;
  private final TrainStage stage;
  private final HadoopFiles files;

  CrossValidatedTraining(SparkSession spark, TrainStage stage) {
    this.spark = spark;
    this.stage = stage;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /** Trains (or resumes) every fold, each a complete stage of its own; returns their summary. */
  TrainSummary run(TrainConfig cfg) {
    long start = System.nanoTime();
    Map<String, Integer> folds = folds(cfg);
    // Patients whose every image is training-only are in no fold: they train in every fold.
    List<String> trainOnly = new ArrayList<>();
    for (Row r : TrainStage.byPatient(stage.labelledImages(cfg)).collectAsList()) {
      if (r.getBoolean(2) && !folds.containsKey(r.getString(0))) {
        trainOnly.add(r.getString(0));
      }
    }
    List<TrainSummary> done = new ArrayList<>();
    for (int k = 0; k < cfg.folds(); k++) {
      TrainConfig fold = cfg.forFold(k);
      int at = k;
      if (!StageMarker.isComplete(files, HadoopFiles.join(fold.output(), "split"))) {
        Map<String, String> split = new HashMap<>();
        folds.forEach(
            (patient, f) ->
                split.put(patient, f == at ? PatientSplit.VALIDATION : PatientSplit.TRAIN));
        trainOnly.forEach(p -> split.put(p, PatientSplit.TRAIN));
        SplitTable.write(spark, fold.output(), split);
      }
      long validated = folds.values().stream().filter(f -> f == at).count();
      LOG.info(
          "train: fold {}/{}: {} of {} patients validated, training into {}",
          k + 1,
          cfg.folds(),
          validated,
          folds.size(),
          fold.output());
      // a complete fold resumes with nothing left to train (or with the epochs added since)
      done.add(new Stage(files, fold.output()).run(() -> stage.trainSplit(fold, at, cfg)));
    }
    return TrainSummary.ofFolds(cfg.output(), done, (System.nanoTime() - start) / 1e9);
  }

  /** The folds' own train configurations, in fold order. */
  List<TrainConfig> foldRuns(TrainConfig cfg) {
    return IntStream.range(0, cfg.folds()).mapToObj(cfg::forFold).toList();
  }

  /** patient -> fold: the saved assignment, or a new one saved before any training. */
  private Map<String, Integer> folds(TrainConfig cfg) {
    String dir = HadoopFiles.join(cfg.output(), "split");
    if (!StageMarker.isComplete(files, dir)) {
      Map<String, Integer> worse = new HashMap<>();
      for (Row r : TrainStage.byPatient(stage.labelledImages(cfg)).collectAsList()) {
        if (!r.getBoolean(2)) {
          worse.put(r.getString(0), r.getInt(1));
        }
      }
      Map<String, Integer> assigned;
      try {
        assigned = PatientFolds.stratified(worse, cfg.folds(), cfg.seed());
      } catch (IllegalArgumentException e) {
        throw new ConfigError("drgrade.train.folds: " + e.getMessage(), e);
      }
      SplitTable.writeFolds(spark, cfg.output(), assigned);
    }
    Map<String, Integer> folds = new HashMap<>();
    for (Row r : spark.read().parquet(dir).collectAsList()) {
      folds.put(r.getAs("patient"), r.<Integer>getAs("fold"));
    }
    return folds;
  }
}
