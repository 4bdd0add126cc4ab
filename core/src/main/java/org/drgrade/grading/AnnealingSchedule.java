package org.drgrade.grading;

/**
 * Geometric cooling: {@code temperatureSteps} steps of {@code movesPerStep} proposed moves, the
 * temperature (in proxy units) multiplied by {@code coolingFactor} after each step.
 */
public record AnnealingSchedule(
    double initialTemperature,
    double coolingFactor,
    int temperatureSteps,
    int movesPerStep,
    long seed) {

  public AnnealingSchedule {
    if (!(initialTemperature > 0)
        || !(coolingFactor > 0 && coolingFactor <= 1)
        || temperatureSteps < 1
        || movesPerStep < 1) {
      throw new IllegalArgumentException(
          "bad annealing schedule "
              + initialTemperature
              + ", "
              + coolingFactor
              + ", "
              + temperatureSteps
              + ", "
              + movesPerStep);
    }
  }

  /**
   * One relabelled image moves the proxy by about (change in a_n) / (N * mean ESE), i.e. O(1/N), so
   * the start temperature is 1/N: early on, a typical worsening move is accepted with probability
   * ~1/e. 100 steps at 0.9 end at ~3e-5 of that, i.e. greedy; 2N moves per step proposes each
   * image's relabelling ~200 times in all.
   */
  public static AnnealingSchedule defaultFor(int images, long seed) {
    return new AnnealingSchedule(
        1.0 / Math.max(images, 1), 0.9, 100, 2 * Math.max(images, 1), seed);
  }
}
