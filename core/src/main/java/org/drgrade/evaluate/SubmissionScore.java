package org.drgrade.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.MetricValue;
import org.drgrade.ingest.LabelDecision;
import org.drgrade.ingest.LabelRow;

/**
 * Scores a submission against a labels file the way the Kaggle leaderboard did (quadratic weighted
 * kappa over the 5 fixed grades), and says what it could not score: images missing from either side
 * and rows whose grade is not 0-4 are reported by name, never silently dropped.
 */
public record SubmissionScore(
    long scored,
    MetricValue kappa,
    MetricValue accuracy,
    long[][] confusion,
    MetricValue referableSensitivity,
    MetricValue referableSpecificity,
    List<String> missingFromSubmission,
    List<String> notInLabels,
    List<String> invalidRows) {

  public static SubmissionScore of(List<LabelRow> labels, List<LabelRow> submission) {
    List<String> invalid = new ArrayList<>();
    Map<String, Integer> truth = grades(labels, "labels", invalid);
    Map<String, Integer> predicted = grades(submission, "submission", invalid);
    GradeAgreement agreement = new GradeAgreement();
    List<String> missing = new ArrayList<>();
    truth.forEach(
        (image, grade) -> {
          Integer p = predicted.get(image);
          if (p == null) {
            missing.add(image);
          } else {
            agreement.add(grade, p);
          }
        });
    List<String> extra = predicted.keySet().stream().filter(i -> !truth.containsKey(i)).toList();
    return new SubmissionScore(
        agreement.total(),
        agreement.kappa(),
        agreement.accuracy(),
        agreement.confusion(),
        agreement.referableSensitivity(),
        agreement.referableSpecificity(),
        missing,
        extra,
        invalid);
  }

  /** image -> grade, using ingest's rules for bad, conflicting and duplicate rows. */
  private static Map<String, Integer> grades(
      List<LabelRow> rows, String side, List<String> invalid) {
    Map<String, Integer> out = new TreeMap<>();
    for (LabelDecision d : LabelDecision.decideAll(rows)) {
      if (d.ok()) {
        out.put(d.image(), d.level());
      } else {
        invalid.add(side + ": " + d.image() + ": " + d.detail());
      }
    }
    return out;
  }

  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "scored %d images: quadratic weighted kappa %s, accuracy %s%n",
            scored, fmt(kappa), fmt(accuracy)));
    sb.append(
        String.format(
            "referable DR (grade >= 2): sensitivity %s, specificity %s%n",
            fmt(referableSensitivity), fmt(referableSpecificity)));
    sb.append("confusion (rows = true grade 0-4, columns = submitted grade 0-4):\n");
    for (long[] row : confusion) {
      sb.append("  ");
      for (long v : row) {
        sb.append(String.format("%7d", v));
      }
      sb.append('\n');
    }
    report(sb, "labelled images missing from the submission", missingFromSubmission);
    report(sb, "submitted images not in the labels", notInLabels);
    report(sb, "rows that could not be used", invalidRows);
    return sb.toString().stripTrailing();
  }

  private static void report(StringBuilder sb, String what, List<String> items) {
    if (!items.isEmpty()) {
      sb.append(
          String.format(
              "%d %s: %s%s%n",
              items.size(),
              what,
              String.join(", ", items.subList(0, Math.min(20, items.size()))),
              items.size() > 20 ? ", ..." : ""));
    }
  }

  private static String fmt(MetricValue v) {
    return v.defined()
        ? String.format("%.5f", v.value())
        : "undefined (" + v.undefinedReason() + ")";
  }
}
