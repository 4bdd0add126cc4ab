package org.drgrade.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.folds.PatientFolds;
import org.drgrade.grading.Decider;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.MetricValue;
import org.drgrade.grading.RuleAgreements;
import org.drgrade.grading.Split;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.predict.PredictionsTable;

/**
 * Stage 6, on the driver: the distributions of the validation and target images (N x 5 numbers,
 * small even for 90k images) are collected, every decision rule is run, and the chosen rule's
 * labels become the Kaggle submission {@code image,level}. Every rule's validation proxy and
 * confusion counts, before and after blending, are saved as validation_rules.json for the report.
 * The chosen rule and the tuned cut-points go into the model directory (model.json's decision), for
 * {@code drgrade grade}. Writes rules/ (Parquet) and rules.json, submission.csv, summary.json and
 * _SUCCESS.
 */
public final class DecideStage {
  private static final StructType RULES_SCHEMA =
      new StructType()
          .add("rule", DataTypes.StringType)
          .add("split", DataTypes.StringType)
          .add("images", DataTypes.IntegerType)
          .add("proxy", DataTypes.DoubleType)
          .add("kappa", DataTypes.DoubleType)
          .add("accuracy", DataTypes.DoubleType)
          .add("millis", DataTypes.DoubleType);

  private static final String VALIDATION = Split.VALIDATION.label();

  /** Folds of the validation patients over which tuned cut-points are scored out of fold. */
  static final int CUT_POINT_FOLDS = 5;

  private final SparkSession spark;
  private final HadoopFiles files;

  public DecideStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public DecideSummary run(DecideConfig cfg) {
    long start = System.nanoTime();
    return new Stage(files, cfg.output(), new Stage.Input("decide input", cfg.input()))
        .run(() -> decide(cfg, start));
  }

  /** The stage's own work: run every rule, store the chosen one, write the submission. */
  private DecideSummary decide(DecideConfig cfg, long start) {
    Dataset<Row> predictions = spark.read().parquet(PredictionsTable.dir(cfg.input()));
    PredictionsTable.Collected validation = PredictionsTable.collect(predictions, VALIDATION);
    String targetSplit = cfg.targetSplit();
    PredictionsTable.Collected target = PredictionsTable.collect(predictions, targetSplit);
    List<String> notes = new ArrayList<>();
    if (target.images().isEmpty()) {
      notes.add(
          "no '" + targetSplit + "' images: the submission labels the validation images instead");
      targetSplit = VALIDATION;
      target = validation;
    }
    int[] truth = truth(validation);
    int[] validationFolds = folds(validation, cfg.seed());
    Decider.Decisions decisions =
        Decider.decide(validation.p(), truth, validationFolds, target.p(), cfg.seed());
    DecisionRule chosen =
        cfg.submissionRule().equals(DecideConfig.BEST_PROXY)
            ? decisions.bestByTargetProxy()
            : DecisionRule.of(cfg.submissionRule());
    Double chosenKappa =
        decisions.outcomes().stream()
            .filter(o -> o.rule() == chosen && o.split().equals(VALIDATION) && o.kappa().defined())
            .map(o -> o.kappa().value())
            .findFirst()
            .orElse(null);
    new ModelStore(files, cfg.model())
        .update(
            d ->
                d.withDecision(
                    new ModelDescriptor.DecisionState(
                        chosen.label(),
                        decisions.cutPoints().cuts(),
                        cfg.seed(),
                        chosen.perImage(),
                        cfg.submissionRule(),
                        chosenKappa)));

    int[] labels = decisions.targetLabels().get(chosen);
    StringBuilder csv = new StringBuilder("image,level\n");
    for (int i = 0; i < labels.length; i++) {
      csv.append(target.images().get(i)).append(',').append(labels[i]).append('\n');
    }
    files.writeText(HadoopFiles.join(cfg.output(), "submission.csv"), csv.toString());
    String labelled = targetSplit;
    boolean fellBack = !notes.isEmpty();
    // When the target is the validation set itself, its "target" rows would repeat the validation
    // rows.
    List<Decider.Outcome> outcomes =
        decisions.outcomes().stream()
            .filter(o -> !(fellBack && o.split().equals("target")))
            .map(o -> o.split().equals("target") ? relabel(o, labelled) : o)
            .toList();
    writeRules(cfg, outcomes);
    PredictionsTable.Collected raw =
        PredictionsTable.collect(
            spark.read().parquet(PredictionsTable.dir(cfg.beforeBlending())), VALIDATION);
    new ValidationRules(
            RuleAgreements.of(raw.p(), truth(raw), folds(raw, cfg.seed()), cfg.seed()),
            RuleAgreements.of(validation.p(), truth, validationFolds, cfg.seed()))
        .write(files, cfg.output());
    DecideSummary summary =
        new DecideSummary(
            "decide",
            cfg.input(),
            cfg.output(),
            validation.images().size(),
            targetSplit,
            target.images().size(),
            chosen.label(),
            outcomes,
            notes,
            (System.nanoTime() - start) / 1e9);
    return summary;
  }

  /**
   * Each validation image's fold for the cut-points' out-of-fold figures: whole patients, dealt by
   * their worse grade so every fold holds each grade ({@link PatientFolds#stratified}). Fewer
   * patients than {@link #CUT_POINT_FOLDS} get one fold each.
   */
  static int[] folds(PredictionsTable.Collected labelled, long seed) {
    Map<String, Integer> worse = new HashMap<>();
    for (int i = 0; i < labelled.images().size(); i++) {
      worse.merge(labelled.patients().get(i), labelled.grades()[i], Math::max);
    }
    int[] folds = new int[labelled.images().size()];
    if (worse.size() < 2) {
      return folds; // one fold: nothing to tune on, so the cut-points' figures are rounding's
    }
    Map<String, Integer> fold =
        PatientFolds.stratified(worse, Math.min(CUT_POINT_FOLDS, worse.size()), seed);
    for (int i = 0; i < folds.length; i++) {
      folds[i] = fold.get(labelled.patients().get(i));
    }
    return folds;
  }

  private static int[] truth(PredictionsTable.Collected labelled) {
    int[] truth = new int[labelled.grades().length];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = labelled.grades()[i];
    }
    return truth;
  }

  private static Decider.Outcome relabel(Decider.Outcome o, String split) {
    return new Decider.Outcome(
        o.rule(), split, o.images(), o.proxy(), o.kappa(), o.accuracy(), o.millis());
  }

  private void writeRules(DecideConfig cfg, List<Decider.Outcome> outcomes) {
    List<Row> rows =
        outcomes.stream()
            .map(
                o ->
                    RowFactory.create(
                        o.rule().label(),
                        o.split(),
                        o.images(),
                        orNull(o.proxy()),
                        orNull(o.kappa()),
                        orNull(o.accuracy()),
                        o.millis()))
            .toList();
    spark
        .createDataFrame(rows, RULES_SCHEMA)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(HadoopFiles.join(cfg.output(), "rules"));
    files.writeText(HadoopFiles.join(cfg.output(), "rules.json"), Json.pretty(outcomes));
  }

  private static Double orNull(MetricValue v) {
    return v.defined() ? v.value() : null;
  }
}
