package org.drgrade.decide;

import java.util.List;
import org.drgrade.grading.Decider;

/** What decide did, written as decide/summary.json and printed. */
public record DecideSummary(
    String stage,
    String input,
    String output,
    int validationImages,
    String targetSplit,
    int targetImages,
    String submissionRule,
    List<Decider.Outcome> outcomes,
    List<String> notes,
    double seconds) {

  public String text() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "decide: %d validation images; submission = %d %s images labelled by '%s'%n",
                validationImages, targetImages, targetSplit, submissionRule));
    sb.append(
        String.format(
            "  %-20s %-11s %8s %8s %9s %9s%n",
            "rule", "split", "proxy", "kappa", "accuracy", "ms"));
    for (Decider.Outcome o : outcomes) {
      sb.append(
          String.format(
              "  %-20s %-11s %8s %8s %9s %9.1f%n",
              o.rule().label(),
              o.split(),
              fmt(o.proxy()),
              fmt(o.kappa()),
              fmt(o.accuracy()),
              o.millis()));
    }
    notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
    sb.append(String.format("  output: %s/submission.csv (%.1f s)", output, seconds));
    return sb.toString();
  }

  private static String fmt(org.drgrade.grading.MetricValue v) {
    return v.defined() ? String.format("%.4f", v.value()) : "-";
  }
}
