package org.drgrade.ingest;

import java.util.List;
import java.util.Map;

/**
 * What ingest found, written as summary.json beside its tables and printed. The counts add up:
 * filesFound = accepted + quarantinedFiles, and the quarantine table holds exactly the quarantined
 * files plus one row per labelled image name that matches no file. {@code trainOnly} of the
 * accepted images are training-only (drgrade.ingest.extra-images).
 */
public record IngestSummary(
    String stage,
    List<String> images,
    List<String> labels,
    String output,
    long filesFound,
    long accepted,
    long quarantinedFiles,
    Map<String, Long> quarantineByReason,
    Map<String, Long> acceptedByLevel,
    long unlabelled,
    long trainOnly,
    long labelRows,
    long duplicateLabelRows,
    long labelsWithoutImage,
    List<String> warnings,
    double seconds) {

  public boolean countsAddUp() {
    return filesFound == accepted + quarantinedFiles
        && quarantinedFiles + labelsWithoutImage
            == quarantineByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The human-readable form printed at the end of the stage. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "ingest: %d files found = %d accepted + %d quarantined%s%n",
            filesFound,
            accepted,
            quarantinedFiles,
            countsAddUp() ? "" : "  (COUNTS DO NOT ADD UP)"));
    sb.append("  accepted by level: ")
        .append(acceptedByLevel)
        .append(unlabelled > 0 ? ", unlabelled " + unlabelled : "")
        .append(trainOnly > 0 ? "; " + trainOnly + " of them training-only" : "")
        .append('\n');
    if (!quarantineByReason.isEmpty()) {
      sb.append("  quarantine by reason: ").append(quarantineByReason).append('\n');
    }
    if (!labels.isEmpty()) {
      sb.append(
          String.format(
              "  label rows: %d (%d duplicate rows, %d naming no image)%n",
              labelRows, duplicateLabelRows, labelsWithoutImage));
    }
    warnings.forEach(w -> sb.append("  warning: ").append(w).append('\n'));
    sb.append(String.format("  output: %s (%.1f s)", output, seconds));
    return sb.toString();
  }
}
