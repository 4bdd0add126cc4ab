package org.drgrade.preprocess;

import java.util.Map;

/**
 * What preprocessing did, written as summary.json and printed. inputImages = ok + quarantined over
 * the current input; processedNow + skippedDone = inputImages for this run.
 */
public record PreprocessSummary(
    String stage,
    String input,
    String output,
    int size,
    long inputImages,
    long ok,
    long quarantined,
    Map<String, Long> quarantineByReason,
    long processedNow,
    long skippedDone,
    Map<Integer, Long> decodeReductions,
    double meanQuality,
    double[] channelMean,
    double[] channelStd,
    double seconds) {

  public boolean countsAddUp() {
    return inputImages == ok + quarantined && inputImages == processedNow + skippedDone;
  }

  public String text() {
    return String.format(
        "preprocess: %d images = %d ok + %d quarantined %s%s%n"
            + "  this run: %d processed, %d already done (skipped); decode reductions %s; mean crop quality %.3f%n"
            + "  channel mean (R,G,B) %s, std %s over labelled images%n  output: %s (%.1f s)",
        inputImages,
        ok,
        quarantined,
        quarantineByReason.isEmpty() ? "" : quarantineByReason,
        countsAddUp() ? "" : "  (COUNTS DO NOT ADD UP)",
        processedNow,
        skippedDone,
        decodeReductions,
        meanQuality,
        format(channelMean),
        format(channelStd),
        output,
        seconds);
  }

  private static String format(double[] v) {
    return v == null ? "n/a" : String.format("[%.1f, %.1f, %.1f]", v[0], v[1], v[2]);
  }
}
