package org.drgrade.grading;

/**
 * Turns a regression head's one output, a grade on the real line, into a distribution over the 5
 * grades, so everything after training (ensemble means, blending, the decision rules, the scores)
 * reads p0..p4 whichever head produced them. The distribution is a normal of standard deviation
 * {@link #SPREAD} centred on the output and discretised to the grades: p_k proportional to exp(-(k
 * - y)^2 / (2 SPREAD^2)). It is an exponential family in y, so its expected grade and P(grade >= g)
 * rise strictly with y: cut-points tuned on the expected grade are cut-points on y, the
 * referable-DR score keeps y's ranking (no ties where a two-point distribution would give 0), and
 * its mode is the grade nearest y (the rounding rule). Unlike a two-point distribution it gives
 * every grade some probability, so log-loss stays finite, but it is a fixed spread, not a fitted
 * one: compare a regression head's log-loss with a softmax head's only loosely.
 */
public final class RegressedGrade {
  /** Standard deviation, in grades, of the distribution around the regressed grade. */
  public static final double SPREAD = 1.0;

  private RegressedGrade() {}

  /** The distribution over grades 0..4 for regression output {@code y} (any finite value). */
  public static float[] distribution(double y) {
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("regressed grade " + y + " is not finite");
    }
    double[] logits = new double[Grades.COUNT];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < Grades.COUNT; k++) {
      logits[k] = -(k - y) * (k - y) / (2 * SPREAD * SPREAD);
      max = Math.max(max, logits[k]);
    }
    double sum = 0;
    for (int k = 0; k < Grades.COUNT; k++) {
      logits[k] = Math.exp(logits[k] - max);
      sum += logits[k];
    }
    float[] p = new float[Grades.COUNT];
    for (int k = 0; k < Grades.COUNT; k++) {
      p[k] = (float) (logits[k] / sum);
    }
    return p;
  }
}
