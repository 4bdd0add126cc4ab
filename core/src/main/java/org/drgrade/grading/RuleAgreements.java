package org.drgrade.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * Every decision rule run on one set of validation distributions: per rule the expected-kappa proxy
 * and the confusion matrix against the truth (from which kappa, accuracy and referable
 * sensitivity/specificity follow). Decide computes and saves it; the report only reads it.
 */
public record RuleAgreements(int images, List<Entry> rules) {

  /**
   * One rule: its proxy (null when undefined) and its confusion counts, rows true grade, columns
   * label.
   */
  public record Entry(String rule, Double proxy, long[][] confusion) {
    public DecisionRule decisionRule() {
      return DecisionRule.of(rule);
    }

    public GradeAgreement agreement() {
      return GradeAgreement.fromConfusion(confusion);
    }

    public MetricValue proxyValue() {
      return proxy == null ? MetricValue.undefined("no validation images") : MetricValue.of(proxy);
    }
  }

  /**
   * Scored as decide scores validation: cut-points out of fold (tuned on the other folds of these
   * images, never on the images they grade).
   */
  public static RuleAgreements of(double[][] p, int[] truth, int[] folds, long seed) {
    List<Entry> rules = new ArrayList<>();
    for (DecisionRule rule : DecisionRule.values()) {
      int[] labels =
          Decider.validationLabels(rule, p, truth, folds, GradeCutPoints.rounding(), seed);
      MetricValue proxy =
          p.length == 0 ? MetricValue.undefined("no images") : ExpectedKappaProxy.of(p, labels);
      rules.add(
          new Entry(
              rule.label(),
              proxy.defined() ? proxy.value() : null,
              GradeAgreement.of(truth, labels).confusion()));
    }
    return new RuleAgreements(p.length, rules);
  }
}
