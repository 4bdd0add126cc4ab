package org.drgrade.report;

import java.util.List;

/** What report wrote, written as report/summary.json and printed: where the page is. */
public record ReportSummary(
    String stage,
    String output,
    String page,
    List<String> images,
    List<Headlines.Item> headlines,
    double seconds) {

  public String text() {
    StringBuilder sb = new StringBuilder("report: ").append(page).append('\n');
    headlines.forEach(h -> sb.append(String.format("  %-36s %s%n", h.name(), h.value())));
    sb.append(String.format("  %d images beside it (%.1f s)", images.size(), seconds));
    return sb.toString();
  }
}
