package org.drgrade.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drgrade.bench.DecideBenchReport.Annealing;
import org.drgrade.bench.DecideBenchReport.Exact;
import org.drgrade.bench.DecideBenchReport.Millis;
import org.drgrade.bench.DecideBenchReport.NaiveAnnealing;
import org.drgrade.bench.DecideBenchReport.Rule;
import org.drgrade.bench.DecideBenchReport.Schedule;
import org.drgrade.grading.AnnealingLabeller;
import org.drgrade.grading.AnnealingSchedule;
import org.drgrade.grading.DecisionBaselines;
import org.drgrade.grading.ExactKappaLabeller;
import org.drgrade.grading.ExpectedKappaProxy;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.synth.SyntheticDistributions;

/**
 * Label choice on synthetic distributions with the Kaggle class prior: the exact optimiser, the
 * incremental annealer with its default schedule, and the naive annealer that recomputes the proxy
 * per move. Everything runs on the calling thread, one labelling at a time.
 */
public final class DecideBench {
  /** "Converged" means the running proxy is this close to the final one. */
  static final double CONVERGED_WITHIN = 1e-6;

  /** Untimed naive moves first, so the timed ones run compiled. */
  private static final int NAIVE_WARM_UP_MOVES = 200;

  public record Settings(int images, long seed, int repeat, int naiveMoves) {
    public Settings {
      if (images < 2 || repeat < 1 || naiveMoves < 1) {
        throw new IllegalArgumentException(
            "need images >= 2, repeat >= 1, naive moves >= 1; got "
                + images
                + ", "
                + repeat
                + ", "
                + naiveMoves);
      }
    }
  }

  private DecideBench() {}

  public static DecideBenchReport run(Settings settings) {
    SyntheticDistributions data =
        SyntheticDistributions.generate(settings.images(), settings.seed());
    double[][] p = data.p();
    int[] start = DecisionBaselines.roundedExpectation(p);

    ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p, start);
    List<Double> exactMillis = new ArrayList<>();
    for (int r = 0; r < settings.repeat(); r++) {
      long t0 = System.nanoTime();
      ExactKappaLabeller.label(p, start);
      exactMillis.add(millisSince(t0));
    }
    double exactProxy = exact.proxy().orThrow();

    AnnealingSchedule schedule = AnnealingSchedule.defaultFor(p.length, settings.seed());
    List<AnnealingRun> runs = new ArrayList<>();
    timeAnnealing(p, start, schedule);
    for (int r = 0; r < settings.repeat(); r++) {
      runs.add(timeAnnealing(p, start, schedule));
    }
    // Same seed, same labels: every run is the same run, only the times differ.
    AnnealingRun annealing = runs.get(0);
    Millis annealingMillis = Millis.of(runs.stream().map(AnnealingRun::millis).toList());
    long moves = (long) schedule.temperatureSteps() * schedule.movesPerStep();
    double movesPerS = moves / (annealingMillis.median() / 1e3);
    Annealing annealingReport =
        new Annealing(
            1,
            new Schedule(
                schedule.initialTemperature(),
                schedule.coolingFactor(),
                schedule.temperatureSteps(),
                schedule.movesPerStep(),
                schedule.seed()),
            moves,
            annealingMillis,
            median(runs.stream().map(AnnealingRun::cpuMillis).toList()),
            movesPerS,
            CONVERGED_WITHIN,
            median(runs.stream().map(AnnealingRun::millisToConverge).toList()),
            annealing.stepsToConverge(),
            annealing.result().proxy(),
            exactProxy - annealing.result().proxy(),
            kappa(data, annealing.result().labels()));

    NaiveAnnealer.label(p, start, schedule, NAIVE_WARM_UP_MOVES);
    long t0 = System.nanoTime();
    NaiveAnnealer.Result naive = NaiveAnnealer.label(p, start, schedule, settings.naiveMoves());
    double naiveMillis = millisSince(t0);
    double naiveMovesPerS = naive.moves() / (naiveMillis / 1e3);
    NaiveAnnealing naiveReport =
        new NaiveAnnealing(
            naive.moves(),
            naiveMillis,
            naiveMovesPerS,
            "same schedule, proposals and random stream as annealing, first "
                + naive.moves()
                + " moves; each proposal recomputes the proxy with ExpectedKappaProxy.of (O(N))");

    Map<String, Rule> baselines = new LinkedHashMap<>();
    baselines.put("argmax", rule(data, DecisionBaselines.argmax(p)));
    baselines.put("rounded_expectation", rule(data, start));

    return new DecideBenchReport(
        settings.images(),
        settings.seed(),
        settings.repeat(),
        new Exact(
            Millis.of(exactMillis),
            exactProxy,
            exact.iterations(),
            exact.cutPoints().cuts(),
            kappa(data, exact.labels())),
        annealingReport,
        naiveReport,
        movesPerS / naiveMovesPerS,
        baselines,
        JvmHost.current());
  }

  private record AnnealingRun(
      AnnealingLabeller.Result result,
      double millis,
      double cpuMillis,
      double millisToConverge,
      int stepsToConverge) {}

  /**
   * One whole schedule. The convergence time is the whole time's share of the steps run until the
   * proxy trace settled: every temperature step makes the same number of moves.
   */
  private static AnnealingRun timeAnnealing(double[][] p, int[] start, AnnealingSchedule schedule) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    AnnealingLabeller.Result result = AnnealingLabeller.label(p, start, schedule);
    double millis = millisSince(t0);
    double cpuMillis = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
    double[] trace = result.proxyAfterStep();
    int converged = 0;
    while (Math.abs(trace[converged] - result.proxy()) > CONVERGED_WITHIN) {
      converged++;
    }
    return new AnnealingRun(
        result, millis, cpuMillis, millis * (converged + 1) / trace.length, converged + 1);
  }

  private static Rule rule(SyntheticDistributions data, int[] labels) {
    return new Rule(ExpectedKappaProxy.of(data.p(), labels).orThrow(), kappa(data, labels));
  }

  private static double kappa(SyntheticDistributions data, int[] labels) {
    return GradeAgreement.of(data.truth(), labels).kappa().orThrow();
  }

  private static double median(List<Double> values) {
    return Millis.of(values).median();
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
