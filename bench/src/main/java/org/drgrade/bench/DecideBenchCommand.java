package org.drgrade.bench;

import java.util.concurrent.Callable;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drgrade bench decide}: exact optimiser vs incremental and naive annealing on one thread,
 * as JSON.
 */
@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description = {
      "Time label choice on synthetic distributions with the Kaggle class prior: the exact proxy optimum",
      "(Dinkelbach), simulated annealing with O(1) moves (moves/s, time to converge) and a naive annealer that",
      "recomputes the proxy per move; proxies of argmax and rounded expectation. One thread; prints JSON."
    })
public final class DecideBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--images",
      defaultValue = "53576",
      description = "Synthetic images; default the Kaggle test-set size (${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--seed",
      defaultValue = "2015",
      description = "Seed of the data and of the annealing schedule (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description =
          "Timed runs after one warm-up; best and median reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--naive-moves",
      defaultValue = "2000",
      description = "Moves the naive annealer is timed over (default: ${DEFAULT-VALUE}).")
  int naiveMoves;

  @Override
  public Integer call() {
    var report = DecideBench.run(new DecideBench.Settings(images, seed, repeat, naiveMoves));
    spec.commandLine().getOut().println(Json.pretty(report));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
