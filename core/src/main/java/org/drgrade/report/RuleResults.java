package org.drgrade.report;

import java.util.EnumMap;
import java.util.Map;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.MetricValue;
import org.drgrade.grading.RuleAgreements;

/**
 * Every decision rule on the validation images of one set of distributions (before or after
 * blending), as decide saved it: per rule the expected-kappa proxy and the agreement with the
 * truth, from which kappa, accuracy, confusion matrix and referable sensitivity/specificity follow.
 */
record RuleResults(
    int images, Map<DecisionRule, MetricValue> proxy, Map<DecisionRule, GradeAgreement> agreement) {

  static RuleResults of(RuleAgreements saved) {
    Map<DecisionRule, MetricValue> proxy = new EnumMap<>(DecisionRule.class);
    Map<DecisionRule, GradeAgreement> agreement = new EnumMap<>(DecisionRule.class);
    for (RuleAgreements.Entry e : saved.rules()) {
      proxy.put(e.decisionRule(), e.proxyValue());
      agreement.put(e.decisionRule(), e.agreement());
    }
    return new RuleResults(saved.images(), proxy, agreement);
  }
}
