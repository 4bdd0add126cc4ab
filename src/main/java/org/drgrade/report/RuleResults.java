package org.drgrade.report;

import static org.apache.spark.sql.functions.col;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.decide.Decider;
import org.drgrade.decide.DecisionRule;
import org.drgrade.metrics.GradeAgreement;
import org.drgrade.metrics.MetricValue;
import org.drgrade.predict.PredictionsTable;

/**
 * Every decision rule run on the validation images of one stage's predictions (predict's raw
 * distributions, or the blended ones decide labels): per rule the expected-kappa proxy and the
 * agreement with the truth, from which kappa, accuracy, confusion matrix and referable
 * sensitivity/specificity follow.
 */
record RuleResults(int images, Map<DecisionRule, MetricValue> proxy, Map<DecisionRule, GradeAgreement> agreement) {

  static RuleResults of(SparkSession spark, String stageDir, long seed) {
    List<Row> rows = spark.read().parquet(PredictionsTable.dir(stageDir)).filter(col("split").equalTo("validation"))
        .orderBy("image").select("level", "p0", "p1", "p2", "p3", "p4").collectAsList();
    double[][] p = new double[rows.size()][];
    int[] truth = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      truth[i] = rows.get(i).getInt(0);
      p[i] = PredictionsTable.normalise(PredictionsTable.distribution(rows.get(i)));
    }
    // Deciding the validation set as the "target" too returns each rule's validation labels, the same
    // labels (same seed) whose kappa decide reports.
    Decider.Decisions decisions = Decider.decide(p, truth, p, seed);
    Map<DecisionRule, MetricValue> proxy = new EnumMap<>(DecisionRule.class);
    Map<DecisionRule, GradeAgreement> agreement = new EnumMap<>(DecisionRule.class);
    // Decider reports no validation outcome when there are no validation images (e.g. a run on
    // unlabelled data only); the report then shows the rule's proxy as undefined.
    for (DecisionRule rule : DecisionRule.values()) {
      proxy.put(rule, MetricValue.undefined("no validation images"));
    }
    for (Decider.Outcome o : decisions.outcomes()) {
      if (o.split().equals("validation")) {
        proxy.put(o.rule(), o.proxy());
      }
    }
    decisions.targetLabels().forEach((rule, labels) -> agreement.put(rule, GradeAgreement.of(truth, labels)));
    return new RuleResults(rows.size(), proxy, agreement);
  }

}
