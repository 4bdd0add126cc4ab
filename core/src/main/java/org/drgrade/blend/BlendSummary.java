package org.drgrade.blend;

/** What blending did, written as blend/summary.json and printed. */
public record BlendSummary(
    String stage,
    String output,
    String method,
    int validationPatients,
    long images,
    BlendReport report,
    double seconds) {

  public String text() {
    return String.format(
        "blend: method '%s' fitted on %d validation patients, applied to %d images%n%s%n  output: %s (%.1f s)",
        method,
        validationPatients,
        images,
        report == null
            ? "  too few validation patients with both eyes to fit a blend: passed through"
            : report.toString().stripTrailing().indent(2).stripTrailing(),
        output,
        seconds);
  }
}
