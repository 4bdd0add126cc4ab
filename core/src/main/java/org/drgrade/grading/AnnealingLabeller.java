package org.drgrade.grading;

import java.util.SplittableRandom;

/**
 * The deepsense labeller: simulated annealing on the expected-kappa proxy. A move proposes an
 * adjacent grade (c-1 or c+1) for a random image; better moves are always taken, worse ones with
 * probability exp(delta / T). Each move costs O(5) through {@link IncrementalProxy}. Deterministic
 * for a given schedule seed.
 */
public final class AnnealingLabeller {
  private AnnealingLabeller() {}

  /**
   * @param proxyAfterStep the running proxy at the end of each temperature step: how the search
   *     converged (every step makes the same number of moves)
   */
  public record Result(
      int[] labels, double startProxy, double proxy, long acceptedMoves, double[] proxyAfterStep) {}

  /** Starts from the rounded expectation, the best cheap rule (docs/method.md). */
  public static Result label(double[][] p, AnnealingSchedule schedule) {
    return label(p, DecisionBaselines.roundedExpectation(p), schedule);
  }

  public static Result label(double[][] p, int[] startLabels, AnnealingSchedule schedule) {
    IncrementalProxy state = new IncrementalProxy(p, startLabels);
    SplittableRandom random = new SplittableRandom(schedule.seed());
    double current = state.proxy();
    double start = current;
    double temperature = schedule.initialTemperature();
    long accepted = 0;
    double[] trace = new double[schedule.temperatureSteps()];
    for (int step = 0; step < schedule.temperatureSteps(); step++) {
      for (int m = 0; m < schedule.movesPerStep(); m++) {
        int image = random.nextInt(state.size());
        int candidate = adjacentGrade(state.label(image), random);
        double proposed = state.proxyAfterMove(image, candidate);
        double delta = proposed - current;
        if (delta >= 0 || random.nextDouble() < Math.exp(delta / temperature)) {
          state.move(image, candidate);
          current = proposed;
          accepted++;
        }
      }
      temperature *= schedule.coolingFactor();
      trace[step] = current;
    }
    // Report the proxy recomputed from the state rather than the running value of accepted deltas.
    return new Result(state.labels(), start, state.proxy(), accepted, trace);
  }

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
