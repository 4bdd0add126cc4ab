package org.drgrade.grading;

import java.io.Serializable;

/**
 * Mergeable evaluation of predicted grade distributions against true grades: summed multiclass
 * log-loss (Kaggle's, probabilities clipped to [1e-15, 1]) and the confusion counts of the argmax
 * grade. Like {@link GradeAgreement}, partial states from Spark partitions combine with {@link
 * #merge}; {@link #add} and {@link #merge} mutate and return {@code this}.
 */
public final class EvaluationState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GradeAgreement agreement = new GradeAgreement();
  private double logLossSum;
  private long images;

  /** Adds one image: its predicted distribution over the 5 grades and its true grade. */
  public EvaluationState add(float[] distribution, int trueGrade) {
    if (distribution.length != Grades.COUNT) {
      throw new IllegalArgumentException("distribution over " + distribution.length + " grades");
    }
    logLossSum += LogLoss.term(distribution[Grades.requireValid(trueGrade)]);
    agreement.add(trueGrade, argmax(distribution));
    images++;
    return this;
  }

  public EvaluationState merge(EvaluationState other) {
    agreement.merge(other.agreement);
    logLossSum += other.logLossSum;
    images += other.images;
    return this;
  }

  public long images() {
    return images;
  }

  /** Mean log-loss per image; NaN when empty. */
  public double logLoss() {
    return images == 0 ? Double.NaN : logLossSum / images;
  }

  /** The confusion counts of the argmax grade (a copy): kappa, accuracy, referable rates. */
  public GradeAgreement agreement() {
    return new GradeAgreement().merge(agreement);
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
