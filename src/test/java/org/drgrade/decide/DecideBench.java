package org.drgrade.decide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.drgrade.metrics.GradeAgreement;

/**
 * Label rules on 53,576 synthetic distributions (the Kaggle test-set size): proxy, kappa
 * against truth drawn from P, and wall time (best of 3 runs, after one warm-up run).
 * Cut-points are tuned on a separate synthetic validation set. Prints JSON.
 * Run: java -cp target/classes:target/test-classes org.drgrade.decide.DecideBench [seed]
 */
public final class DecideBench {
    private static final int TEST_IMAGES = 53_576;
    private static final int VALIDATION_IMAGES = 10_000;

    private DecideBench() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 2015;
        SyntheticGrading test = SyntheticGrading.generate(TEST_IMAGES, seed);
        SyntheticGrading validation = SyntheticGrading.generate(VALIDATION_IMAGES, seed + 1);
        double[][] p = test.p();
        AnnealingSchedule schedule = AnnealingSchedule.defaultFor(p.length, seed);

        List<String> rules = new ArrayList<>();
        rules.add(rule("argmax", test, () -> DecisionBaselines.argmax(p), ""));
        rules.add(rule("rounded_expectation", test, () -> DecisionBaselines.roundedExpectation(p), ""));
        GradeCutPoints tuned = CutPointTuner.tune(validation.p(), validation.truth());
        rules.add(rule("tuned_cut_points", test, () -> CutPointTuner.tune(validation.p(), validation.truth()).apply(p),
                ", \"cut_points\": " + Arrays.toString(tuned.cuts())));
        rules.add(rule("annealing", test, () -> AnnealingLabeller.label(p, schedule).labels(),
                String.format(Locale.ROOT, ", \"schedule\": {\"initial_temperature\": %.3g, \"cooling_factor\": %s,"
                        + " \"temperature_steps\": %d, \"moves_per_step\": %d}", schedule.initialTemperature(),
                        schedule.coolingFactor(), schedule.temperatureSteps(), schedule.movesPerStep())));
        ExactKappaLabeller.Result exact = ExactKappaLabeller.label(p);
        double gainOverAnnealing = exact.proxy().orThrow() - AnnealingLabeller.label(p, schedule).proxy();
        rules.add(rule("exact", test, () -> ExactKappaLabeller.label(p).labels(),
                String.format(Locale.ROOT, ", \"iterations\": %d, \"proxy_gain_over_annealing\": %.3e, \"cut_points\": %s",
                        exact.iterations(), gainOverAnnealing, Arrays.toString(exact.cutPoints().cuts()))));

        System.out.println("{\"images\": " + TEST_IMAGES + ", \"validation_images\": " + VALIDATION_IMAGES
                + ", \"seed\": " + seed + ", \"rules\": {\n  " + String.join(",\n  ", rules) + "\n}}");
    }

    private static String rule(String name, SyntheticGrading test, Supplier<int[]> labeller, String extra) {
        int[] labels = labeller.get();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            labeller.get();
            best = Math.min(best, System.nanoTime() - start);
        }
        double proxy = ExpectedKappaProxy.of(test.p(), labels).orThrow();
        double kappa = GradeAgreement.of(test.truth(), labels).kappa().orThrow();
        return String.format(Locale.ROOT, "\"%s\": {\"proxy\": %.6f, \"kappa_vs_sampled_truth\": %.5f, \"millis\": %.1f%s}",
                name, proxy, kappa, best / 1e6, extra);
    }
}
