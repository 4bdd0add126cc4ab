package org.drgrade.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Class-balanced resampling of the training images that decays towards the natural class prior over
 * the epochs (team o_O, 2nd in Kaggle DR 2015). Early epochs see the rare grades about as often as
 * grade 0, so the network learns their features instead of settling on the majority grade; the
 * later epochs see the natural mix again, so the predicted probabilities end up calibrated to the
 * prior the decision rules assume.
 *
 * <p>At epoch e the target class distribution is {@code a * uniform + (1 - a) * natural} with
 * {@code a = start * decay^e}, over the grades present in the training set. Each image of grade c
 * is drawn {@code target(c) / natural(c)} times in expectation, so an epoch keeps its natural size
 * in expectation.
 *
 * @param start share of the uniform distribution at epoch 0 (0 = no resampling, 1 = fully balanced)
 * @param decay factor applied to that share after every epoch, in (0, 1]
 */
public record ClassBalance(double start, double decay) implements Serializable {

  public static final ClassBalance NONE = new ClassBalance(0, 1);

  public ClassBalance {
    if (!(start >= 0 && start <= 1)) {
      throw new IllegalArgumentException("start must be in [0, 1], got " + start);
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    }
  }

  public boolean enabled() {
    return start > 0;
  }

  /** The share of the uniform distribution in epoch {@code epoch}'s target. */
  public double balancedShare(int epoch) {
    return start * Math.pow(decay, epoch);
  }

  /**
   * Expected draws per image of each grade in epoch {@code epoch}, given the training images per
   * grade; 1 for every grade when resampling is off, 0 for a grade with no images.
   */
  public double[] draws(long[] imagesPerGrade, int epoch) {
    double[] draws = new double[imagesPerGrade.length];
    long total = Arrays.stream(imagesPerGrade).sum();
    long present = Arrays.stream(imagesPerGrade).filter(n -> n > 0).count();
    double a = balancedShare(epoch);
    for (int c = 0; c < draws.length; c++) {
      if (imagesPerGrade[c] == 0) continue;
      double natural = imagesPerGrade[c] / (double) total;
      draws[c] = (a / present + (1 - a) * natural) / natural;
    }
    return draws;
  }
}
