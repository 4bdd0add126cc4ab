package org.drgrade.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The JSON {@code drgrade bench decide} prints. Times are wall milliseconds on the calling thread,
 * one per repeat after an untimed warm-up run, with their best and median.
 *
 * @param incrementalOverNaive annealing's moves/s over the naive annealer's: what O(1) moves buy
 * @param baselines proxy and sampled-truth kappa of the ad-hoc rules, by name
 */
@JsonPropertyOrder({
  "images",
  "seed",
  "repeat",
  "exact",
  "annealing",
  "naive_annealing",
  "incremental_over_naive",
  "baselines",
  "environment"
})
public record DecideBenchReport(
    int images,
    long seed,
    int repeat,
    Exact exact,
    Annealing annealing,
    @JsonProperty("naive_annealing") NaiveAnnealing naiveAnnealing,
    @JsonProperty("incremental_over_naive") double incrementalOverNaive,
    Map<String, Rule> baselines,
    JvmHost environment) {

  public record Millis(
      @JsonProperty("per_repeat") List<Double> perRepeat, double best, double median) {
    static Millis of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Millis(values, sorted.get(0), median);
    }
  }

  /**
   * @param iterations Dinkelbach iterations from the rounded expectation
   */
  @JsonPropertyOrder({"millis", "proxy", "iterations", "cut_points", "kappa_vs_sampled_truth"})
  public record Exact(
      Millis millis,
      double proxy,
      int iterations,
      @JsonProperty("cut_points") double[] cutPoints,
      @JsonProperty("kappa_vs_sampled_truth") double kappaVsSampledTruth) {}

  /**
   * @param moves proposed moves in the whole schedule (accepted or not)
   * @param movesPerS moves over the median whole-schedule time
   * @param millisToConverge median time from the call until the end of the first temperature step
   *     whose running proxy is within {@code convergedWithin} of the final proxy
   * @param stepsToConverge that step, counted from 1, out of the schedule's temperature steps
   * @param gapToExact exact proxy minus annealing's (>= 0)
   */
  @JsonPropertyOrder({
    "threads",
    "schedule",
    "moves",
    "millis",
    "cpu_millis_median",
    "moves_per_s",
    "converged_within",
    "millis_to_converge",
    "steps_to_converge",
    "proxy",
    "gap_to_exact",
    "kappa_vs_sampled_truth"
  })
  public record Annealing(
      int threads,
      Schedule schedule,
      long moves,
      Millis millis,
      @JsonProperty("cpu_millis_median") double cpuMillisMedian,
      @JsonProperty("moves_per_s") double movesPerS,
      @JsonProperty("converged_within") double convergedWithin,
      @JsonProperty("millis_to_converge") double millisToConverge,
      @JsonProperty("steps_to_converge") int stepsToConverge,
      double proxy,
      @JsonProperty("gap_to_exact") double gapToExact,
      @JsonProperty("kappa_vs_sampled_truth") double kappaVsSampledTruth) {}

  public record Schedule(
      @JsonProperty("initial_temperature") double initialTemperature,
      @JsonProperty("cooling_factor") double coolingFactor,
      @JsonProperty("temperature_steps") int temperatureSteps,
      @JsonProperty("moves_per_step") int movesPerStep,
      long seed) {}

  /**
   * @param note how the proxy is recomputed, so the ratio is read correctly
   */
  @JsonPropertyOrder({"moves", "millis", "moves_per_s", "note"})
  public record NaiveAnnealing(
      long moves, double millis, @JsonProperty("moves_per_s") double movesPerS, String note) {}

  @JsonPropertyOrder({"proxy", "kappa_vs_sampled_truth"})
  public record Rule(
      double proxy, @JsonProperty("kappa_vs_sampled_truth") double kappaVsSampledTruth) {}
}
