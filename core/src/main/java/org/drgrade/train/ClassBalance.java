package org.drgrade.train;

import java.io.Serializable;
import java.util.Arrays;
import org.drgrade.grading.Grades;

/**
 * Class-balanced resampling of the training images that decays towards a final grade mix over the
 * epochs (team o_O, 2nd in Kaggle DR 2015). Early epochs see the rare grades about as often as
 * grade 0, so the network learns their features instead of settling on the majority grade; the
 * later epochs see the final mix, so the predicted probabilities end up calibrated to the prior the
 * decision rules assume.
 *
 * <p>At epoch e the target class distribution is {@code a * uniform + (1 - a) * final} with {@code
 * a = start * decay^e}, over the grades present in the training set. The final mix is the training
 * images' own (natural) mix, or {@code toward}: the grade mix of the population to be graded, for
 * training data drawn from another one (bench learn's {@code --train-only} folders: 59 % grade 0
 * and no grade 3 or 4 would otherwise become the network's prior). Each image of grade c is drawn
 * {@code target(c) / natural(c)} times in expectation, so an epoch keeps its natural size in
 * expectation.
 *
 * @param start share of the uniform distribution at epoch 0 (0 = no uniform share, 1 = fully
 *     balanced)
 * @param decay factor applied to that share after every epoch, in (0, 1]
 * @param toward weights of grades 0..4 in the final mix (any non-negative scale); null = the
 *     natural mix
 */
public record ClassBalance(double start, double decay, double[] toward) implements Serializable {

  public static final ClassBalance NONE = new ClassBalance(0, 1, null);

  public ClassBalance {
    if (!(start >= 0 && start <= 1)) {
      throw new IllegalArgumentException("start must be in [0, 1], got " + start);
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    }
    if (toward != null) {
      toward = toward.clone();
      if (toward.length != Grades.COUNT) {
        throw new IllegalArgumentException(
            "toward needs one weight per grade 0.."
                + (Grades.COUNT - 1)
                + ", got "
                + toward.length);
      }
      for (double w : toward) {
        if (!(w >= 0 && Double.isFinite(w))) {
          throw new IllegalArgumentException(
              "toward's weights must be finite and >= 0, got " + Arrays.toString(toward));
        }
      }
    }
  }

  /** Resampling towards the natural mix (o_O's), without a final mix of its own. */
  public ClassBalance(double start, double decay) {
    this(start, decay, null);
  }

  public boolean enabled() {
    return start > 0 || toward != null;
  }

  /** The share of the uniform distribution in epoch {@code epoch}'s target. */
  public double balancedShare(int epoch) {
    return start * Math.pow(decay, epoch);
  }

  /**
   * Expected draws per image of each grade in epoch {@code epoch}, given the training images per
   * grade; 1 for every grade when resampling is off, 0 for a grade with no images (or none in
   * {@code toward}).
   *
   * @throws IllegalArgumentException when {@code toward} weighs no grade the training set has
   */
  public double[] draws(long[] imagesPerGrade, int epoch) {
    double[] draws = new double[imagesPerGrade.length];
    long total = Arrays.stream(imagesPerGrade).sum();
    long present = Arrays.stream(imagesPerGrade).filter(n -> n > 0).count();
    double towardPresent = 0;
    for (int c = 0; toward != null && c < imagesPerGrade.length; c++) {
      towardPresent += imagesPerGrade[c] > 0 ? toward[c] : 0;
    }
    if (toward != null && towardPresent == 0) {
      throw new IllegalArgumentException(
          "toward "
              + Arrays.toString(toward)
              + " gives no weight to any grade of the training images "
              + Arrays.toString(imagesPerGrade));
    }
    double a = balancedShare(epoch);
    for (int c = 0; c < draws.length; c++) {
      if (imagesPerGrade[c] == 0) continue;
      double natural = imagesPerGrade[c] / (double) total;
      // toward is renormalised over the grades present: a grade nobody can show is not drawn
      double last = toward == null ? natural : toward[c] / towardPresent;
      draws[c] = (a / present + (1 - a) * last) / natural;
    }
    return draws;
  }
}
