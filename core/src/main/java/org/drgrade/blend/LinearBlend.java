package org.drgrade.blend;

import java.io.Serializable;
import java.util.List;
import org.drgrade.grading.Grades;

/**
 * left' = c D_left + (1-c) D_right and right' = c D_right + (1-c) D_left (docs/method.md, Eye
 * blending). A convex mix of two distributions is a distribution, so the result needs no
 * renormalising.
 */
public record LinearBlend(double ownWeight) implements EyeBlender, Serializable {
  /** Grid step for {@link #fit}: 21 weights 0, 0.05, ..., 1. */
  public static final int GRID_STEPS = 20;

  public LinearBlend {
    if (!(ownWeight >= 0 && ownWeight <= 1)) {
      throw new IllegalArgumentException("own-eye weight must be in [0, 1], got " + ownWeight);
    }
  }

  /** The fitted blend, and the validation scores of the raw (c = 1) and blended distributions. */
  public record Fit(LinearBlend blend, BlendScores before, BlendScores after)
      implements Serializable {}

  /**
   * The grid weight whose blended validation distributions give the highest kappa of the labels the
   * pipeline submits; ties (kappa moves in steps of single eyes) go to the lower log-loss.
   */
  public static Fit fit(List<EyePair> validation) {
    BlendScores before = BlendScores.of(validation);
    LinearBlend best = new LinearBlend(1);
    BlendScores bestScores = before;
    for (int step = 0; step < GRID_STEPS; step++) {
      LinearBlend candidate = new LinearBlend((double) step / GRID_STEPS);
      BlendScores scores = BlendScores.of(candidate.blendAll(validation));
      if (scores.betterThan(bestScores)) {
        best = candidate;
        bestScores = scores;
      }
    }
    return new Fit(best, before, bestScores);
  }

  @Override
  public EyePair blend(EyePair pair) {
    if (!pair.hasBothEyes()) {
      return pair;
    }
    return pair.withDistributions(mix(pair.left(), pair.right()), mix(pair.right(), pair.left()));
  }

  public double[] mix(double[] own, double[] other) {
    double[] out = new double[Grades.COUNT];
    for (int k = 0; k < Grades.COUNT; k++) {
      out[k] = ownWeight * own[k] + (1 - ownWeight) * other[k];
    }
    return out;
  }
}
