package org.drgrade.config;

/**
 * The inputs were read and judged, and too few of them can be graded: no image accepted, or more
 * quarantined than drgrade.ingest.max-quarantine-fraction allows. Thrown after the stage has
 * written its quarantine and summary, so nothing is lost; the job then ends with exit code 1 and
 * this one line, and a scheduler (Airflow, an EMR step) sees a failure instead of a run that graded
 * nothing.
 */
public final class InputRejected extends RuntimeException {
  public InputRejected(String message) {
    super(message);
  }

  /**
   * The one check both stages apply: throws when {@code accepted} is 0 out of a non-empty input, or
   * the quarantined share exceeds {@code maxFraction}.
   *
   * @param what what was counted, e.g. "ingest: files" (starts the message)
   * @param where where the quarantine was written (the message points the user there)
   */
  public static void check(
      String what, long total, long accepted, long quarantined, double maxFraction, String where) {
    if (total == 0) {
      throw new InputRejected(what + ": none found; nothing to grade (see " + where + ")");
    }
    if (accepted == 0) {
      throw new InputRejected(
          String.format("%s: 0 of %d accepted, all quarantined; see %s", what, total, where));
    }
    double share = (double) quarantined / total;
    if (share > maxFraction) {
      throw new InputRejected(
          String.format(
              "%s: %d of %d quarantined (%.1f %%) > drgrade.ingest.max-quarantine-fraction %.2f; see %s",
              what, quarantined, total, 100 * share, maxFraction, where));
    }
  }
}
