package org.drgrade.bench;

import java.util.SplittableRandom;
import org.drgrade.grading.AnnealingSchedule;
import org.drgrade.grading.ExpectedKappaProxy;
import org.drgrade.grading.Grades;

/**
 * The yardstick for {@link org.drgrade.grading.AnnealingLabeller}: the same proposals, the same
 * acceptance rule and the same random stream for a given schedule, but every proposed move's proxy
 * is recomputed from scratch with {@link ExpectedKappaProxy#of} (O(N) per move, row checks and
 * h_true included), as a first implementation would do. It stops after a move budget, since the
 * full schedule would take hours at the Kaggle size.
 */
final class NaiveAnnealer {
  private NaiveAnnealer() {}

  record Result(int[] labels, double proxy, long moves) {}

  static Result label(
      double[][] p, int[] startLabels, AnnealingSchedule schedule, long moveBudget) {
    int[] labels = startLabels.clone();
    SplittableRandom random = new SplittableRandom(schedule.seed());
    double current = ExpectedKappaProxy.of(p, labels).orThrow();
    double temperature = schedule.initialTemperature();
    long moves = 0;
    for (int step = 0; step < schedule.temperatureSteps() && moves < moveBudget; step++) {
      for (int m = 0; m < schedule.movesPerStep() && moves < moveBudget; m++, moves++) {
        int image = random.nextInt(labels.length);
        int old = labels[image];
        labels[image] = adjacentGrade(old, random);
        double proposed = ExpectedKappaProxy.of(p, labels).orThrow();
        double delta = proposed - current;
        if (delta >= 0 || random.nextDouble() < Math.exp(delta / temperature)) {
          current = proposed;
        } else {
          labels[image] = old;
        }
      }
      temperature *= schedule.coolingFactor();
    }
    return new Result(labels, current, moves);
  }

  /** The proposal of AnnealingLabeller, drawing from the random stream in the same order. */
  private static int adjacentGrade(int grade, SplittableRandom random) {
    if (grade == 0) {
      return 1;
    }
    if (grade == Grades.COUNT - 1) {
      return grade - 1;
    }
    return random.nextBoolean() ? grade + 1 : grade - 1;
  }
}
