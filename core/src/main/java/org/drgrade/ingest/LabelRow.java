package org.drgrade.ingest;

/**
 * One data row of a labels CSV, as written: the level is still text so bad values can be reported.
 */
public record LabelRow(String image, String rawLevel, String source, long line) {
  /** Where the row came from, for error messages: {@code file:line}. */
  public String origin() {
    return source + ":" + line;
  }
}
