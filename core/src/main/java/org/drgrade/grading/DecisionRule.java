package org.drgrade.grading;

/**
 * The ways drgrade turns 5-class distributions into grades; the pipeline runs them all and reports
 * each.
 */
public enum DecisionRule {
  /** The most probable grade. */
  ARGMAX,
  /** The expected grade rounded to the nearest integer. */
  ROUNDED_EXPECTATION,
  /** The expected grade cut at four cut-points tuned for true kappa on validation. */
  TUNED_CUT_POINTS,
  /** The deepsense.io labeller: simulated annealing on the expected-kappa proxy. */
  ANNEALING,
  /** The exact maximiser of the same proxy (Dinkelbach). */
  EXACT;

  /**
   * True when an image's grade depends on that image alone; annealing and exact label a set as a
   * whole.
   */
  public boolean perImage() {
    return this != ANNEALING && this != EXACT;
  }

  public static DecisionRule of(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
