package org.drgrade.report;

import java.util.List;
import java.util.Locale;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.MetricValue;

/**
 * The figures at the top of the page: the submitted rule's validation kappa, accuracy and referable
 * DR sensitivity/specificity (after blending, as submitted), and what became of the images.
 */
record Headlines(DecisionRule rule, List<Item> items) {

  /**
   * One headline: a stable key (the page's data-figure attribute), its formatted value and its
   * name.
   */
  record Item(String key, String value, String name) {}

  static Headlines of(ReportInputs in) {
    DecisionRule rule = DecisionRule.valueOf(in.decide().submissionRule().toUpperCase(Locale.ROOT));
    GradeAgreement chosen = in.afterBlending().agreement().get(rule);
    long quarantined = in.ingest().quarantinedFiles() + in.preprocess().quarantined();
    return new Headlines(
        rule,
        List.of(
            new Item("kappa", decimal(chosen.kappa()), "validation kappa (" + rule.label() + ")"),
            new Item("accuracy", percent(chosen.accuracy()), "validation accuracy"),
            new Item(
                "sensitivity", percent(chosen.referableSensitivity()), "referable DR sensitivity"),
            new Item(
                "specificity", percent(chosen.referableSpecificity()), "referable DR specificity"),
            new Item("images-in", Long.toString(in.ingest().filesFound()), "images in"),
            new Item("accepted", Long.toString(in.preprocess().ok()), "accepted (preprocessed)"),
            new Item(
                "quarantined", Long.toString(quarantined), "quarantined (ingest + preprocess)"),
            new Item(
                "submitted",
                Integer.toString(in.decide().targetImages()),
                in.decide().targetSplit() + " images submitted")));
  }

  /** Four decimals, as decide prints them, so the page and the console agree digit for digit. */
  static String decimal(MetricValue v) {
    return v.defined() ? String.format(Locale.ROOT, "%.4f", v.value()) : "n/a";
  }

  static String percent(MetricValue v) {
    return v.defined() ? String.format(Locale.ROOT, "%.1f%%", 100 * v.value()) : "n/a";
  }
}
