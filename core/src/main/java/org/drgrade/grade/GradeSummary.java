package org.drgrade.grade;

import java.util.List;
import java.util.Map;

/**
 * What grade did, written as summary.json and printed. filesFound = graded + quarantined: every
 * file under the images URI is either graded or in quarantine/ with its reason.
 */
public record GradeSummary(
    String stage,
    String model,
    String images,
    String output,
    long filesFound,
    long graded,
    long quarantined,
    Map<String, Long> quarantineByReason,
    Map<Integer, Long> byGrade,
    long referable,
    long patients,
    long referablePatients,
    String rule,
    boolean ruleIsPerImage,
    String blender,
    List<String> notes,
    double seconds) {

  public boolean countsAddUp() {
    return filesFound == graded + quarantined
        && quarantined == quarantineByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public String text() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "grade: %d files found = %d graded + %d quarantined%s%n",
                filesFound, graded, quarantined, countsAddUp() ? "" : "  (COUNTS DO NOT ADD UP)"));
    if (!quarantineByReason.isEmpty()) {
      sb.append("  quarantine by reason: ").append(quarantineByReason).append('\n');
    }
    sb.append(
        String.format(
            "  images by grade: %s; referable (grade >= 2): %d images, %d of %d patients%n",
            byGrade, referable, referablePatients, patients));
    sb.append(
        String.format(
            "  model %s: blender %s; grades made by rule %s%s%n",
            model,
            blender,
            rule,
            ruleIsPerImage
                ? " (per image: a grade depends on its own eye and patient only)"
                : " (a batch rule: labels the graded images as one set)"));
    notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
    sb.append(
        String.format(
            "  output: %s/grades.csv, patients.csv, quarantine.csv (%.1f s)", output, seconds));
    return sb.toString();
  }
}
