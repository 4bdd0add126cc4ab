package org.drgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code drgrade bench learn} prints: every fold run, each figure's mean and spread over all
 * runs (folds x seeds), and, with the peer, paired comparisons on the same folds.
 *
 * <p>How a difference is judged: the two sides are paired fold by fold (same training and held-out
 * patients, same seed); a difference counts only when the mean of the paired differences is more
 * than twice its standard error (sd of the differences / sqrt(pairs)), about a 95 % interval that
 * excludes zero. Anything less is "within spread". The same rule judges a method against the
 * default: run both on the same folds and seeds and compare their fold runs pair by pair.
 *
 * <p>{@code imagesPerGrade} counts the labelled images of grades 0-4 in the cross-validated and in
 * the train-only folders: the two grade mixes, the first being what {@code
 * train.class-balance.toward} is given to train towards the graded population's mix. With a
 * holdout, the held-out patients' images are counted apart ({@code heldOut}), and neither they nor
 * their patients are among the cross-validated ones: labelled images = cross-validated + train-only
 * + held-out.
 *
 * <p>The final test ({@code finalTest}: one run per seed, trained on every patient outside the
 * holdout and scored on the held-out ones) is summarised apart ({@code finalTestSummary}) and set
 * against the cross-validated spread figure by figure ({@code finalTestVsCrossValidation}): its
 * mean over seeds agrees when it is within twice the fold runs' standard deviation of their mean.
 * The test's network trains on 1/folds more patients than a fold's, so a small gain is expected; a
 * figure outside the spread says the folds' figures (and what was chosen on them) do not carry
 * over, which {@code finalTestVerdict} names.
 */
public record LearnBenchReport(
    String bench,
    int labelledImages,
    int crossValidatedPatients,
    Holdout holdout,
    int folds,
    List<Long> seeds,
    Integer onlyFold,
    RealLearningPeer.Recipe recipe,
    List<String> data,
    List<String> trainOnly,
    Map<String, List<Integer>> imagesPerGrade,
    String peerScript,
    double wallSeconds,
    Map<String, Spread> drgrade,
    Map<String, Spread> peer,
    Map<String, Comparison> comparisons,
    Map<String, Spread> finalTestSummary,
    Map<String, Agreement> finalTestVsCrossValidation,
    String finalTestVerdict,
    List<FoldRun> runs,
    List<FoldRun> finalTest) {

  /**
   * The final test set: {@code fraction} of the cross-validated patients of each worse grade, drawn
   * by {@code seed}; {@code patients} and their {@code images}.
   */
  public record Holdout(double fraction, long seed, int patients, int images) {}

  /**
   * One fold of one seed: drgrade's scores on the held-out patients as predicted ({@code scores},
   * what the peer is compared with) and after the pipeline's eye blending ({@code blended}, by
   * {@code blendMethod}: what {@code drgrade run} submits), and the peer's JSON. A final test run
   * has no fold (null); its validation images are the held-out patients'.
   */
  public record FoldRun(
      long seed,
      Integer fold,
      int trainImages,
      int validationImages,
      FoldScores scores,
      String blendMethod,
      FoldScores blended,
      double trainImagesPerSecond,
      double trainSeconds,
      double wallSeconds,
      JsonNode peer) {}

  /** Mean, sample standard deviation, min and max over runs (runs where the figure is defined). */
  public record Spread(int runs, double mean, double sd, double min, double max) {
    static Spread of(List<Double> values) {
      List<Double> v = values.stream().filter(x -> x != null && !Double.isNaN(x)).toList();
      if (v.isEmpty()) {
        return new Spread(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
      double sd = v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : Double.NaN;
      return new Spread(
          v.size(),
          mean,
          sd,
          v.stream().mapToDouble(Double::doubleValue).min().getAsDouble(),
          v.stream().mapToDouble(Double::doubleValue).max().getAsDouble());
    }
  }

  /** drgrade minus the peer, fold by fold. */
  public record Comparison(
      int pairs, double meanDifference, double sdDifference, double standardError, String verdict) {
    static Comparison of(List<Double> differences) {
      Spread s = Spread.of(differences);
      double se = s.runs() > 1 ? s.sd() / Math.sqrt(s.runs()) : Double.NaN;
      String verdict =
          s.runs() < 2
              ? "fewer than 2 pairs: no spread to judge by"
              : Math.abs(s.mean()) <= 2 * se
                  ? "within spread"
                  : s.mean() > 0 ? "drgrade higher" : "peer higher";
      return new Comparison(s.runs(), s.mean(), s.sd(), se, verdict);
    }
  }

  /**
   * A figure of the final test (its mean over seeds) against the same figure's spread over the fold
   * runs: within when |test - CV mean| <= 2 x CV sd; {@code withinCvSpread} is null where that
   * cannot be judged (a figure undefined on either side, or fewer than 2 fold runs).
   */
  public record Agreement(
      Double finalTest,
      Double crossValidatedMean,
      Double crossValidatedSd,
      Double difference,
      Boolean withinCvSpread,
      String verdict) {
    static Agreement of(Spread test, Spread cv) {
      if (test.runs() == 0 || cv.runs() == 0) {
        return new Agreement(
            orNull(test.mean()), orNull(cv.mean()), orNull(cv.sd()), null, null, "undefined");
      }
      double d = test.mean() - cv.mean();
      if (cv.runs() < 2) {
        return new Agreement(
            test.mean(), cv.mean(), null, d, null, "fewer than 2 fold runs: no spread to judge by");
      }
      boolean within = Math.abs(d) <= 2 * cv.sd();
      return new Agreement(
          test.mean(),
          cv.mean(),
          cv.sd(),
          d,
          within,
          within ? "within CV spread" : d > 0 ? "final test higher" : "final test lower");
    }

    private static Double orNull(double x) {
      return Double.isNaN(x) ? null : x;
    }
  }

  /** The figures the final test is set against the folds on: what was learnt, not its cost. */
  private static final List<String> AGREEMENT_FIGURES =
      List.of(
          "kappaArgmax",
          "kappaExactRule",
          "referableAuc",
          "accuracy",
          "logLoss",
          "priorLogLoss",
          "blendedKappaArgmax",
          "blendedKappaExactRule",
          "blendedReferableAuc",
          "blendedLogLoss");

  static LearnBenchReport of(
      LearnBench.Settings s,
      int labelledImages,
      int cvPatients,
      Holdout holdout,
      Map<String, List<Integer>> imagesPerGrade,
      List<FoldRun> runs,
      List<FoldRun> finalTest,
      double wallSeconds) {
    Map<String, Function<FoldRun, Double>> ours = new LinkedHashMap<>();
    ours.put("kappaArgmax", r -> r.scores().kappaArgmax());
    ours.put("kappaExactRule", r -> r.scores().kappaExactRule());
    ours.put("referableAuc", r -> r.scores().referableAuc());
    ours.put("accuracy", r -> r.scores().accuracy());
    ours.put("logLoss", r -> r.scores().logLoss());
    ours.put("priorLogLoss", r -> r.scores().priorLogLoss());
    ours.put("blendedKappaArgmax", r -> r.blended().kappaArgmax());
    ours.put("blendedKappaExactRule", r -> r.blended().kappaExactRule());
    ours.put("blendedReferableAuc", r -> r.blended().referableAuc());
    ours.put("blendedLogLoss", r -> r.blended().logLoss());
    ours.put("trainImagesPerSecond", FoldRun::trainImagesPerSecond);
    ours.put("wallSeconds", FoldRun::wallSeconds);
    Map<String, Spread> drgrade = new LinkedHashMap<>();
    ours.forEach((k, f) -> drgrade.put(k, Spread.of(runs.stream().map(f).toList())));
    Map<String, Spread> testSummary = new LinkedHashMap<>();
    Map<String, Agreement> agreement = new LinkedHashMap<>();
    String verdict = null;
    if (!finalTest.isEmpty()) {
      ours.forEach((k, f) -> testSummary.put(k, Spread.of(finalTest.stream().map(f).toList())));
      List<String> apart = new ArrayList<>();
      for (String k : AGREEMENT_FIGURES) {
        Agreement a = Agreement.of(testSummary.get(k), drgrade.get(k));
        agreement.put(k, a);
        if (Boolean.FALSE.equals(a.withinCvSpread())) {
          apart.add(k + " (" + a.verdict() + ")");
        }
      }
      long judged = agreement.values().stream().filter(a -> a.withinCvSpread() != null).count();
      verdict =
          !apart.isEmpty()
              ? "disagrees with cross-validation on " + String.join(", ", apart)
              : judged == 0
                  ? "not judged: no cross-validated spread to judge by"
                  : "within the cross-validated spread on every figure judged";
    }

    List<FoldRun> withPeer = runs.stream().filter(r -> r.peer() != null).toList();
    Map<String, Spread> peer = new LinkedHashMap<>();
    Map<String, Comparison> comparisons = new LinkedHashMap<>();
    if (!withPeer.isEmpty()) {
      for (String k :
          List.of(
              "kappa_argmax",
              "kappa_proxy_optimum",
              "referable_auc",
              "accuracy",
              "train_images_per_s",
              "wall_s")) {
        peer.put(k, Spread.of(withPeer.stream().map(r -> peerValue(r, k)).toList()));
      }
      compare(comparisons, withPeer, "kappaArgmax", r -> r.scores().kappaArgmax(), "kappa_argmax");
      compare(
          comparisons,
          withPeer,
          "kappaExactRule_vs_kappa_proxy_optimum",
          r -> r.scores().kappaExactRule(),
          "kappa_proxy_optimum");
      compare(
          comparisons, withPeer, "referableAuc", r -> r.scores().referableAuc(), "referable_auc");
      comparisons.put(
          "trainImagesPerSecond_ratio_minus_1",
          Comparison.of(
              withPeer.stream()
                  .map(r -> r.trainImagesPerSecond() / peerValue(r, "train_images_per_s") - 1)
                  .toList()));
    }
    return new LearnBenchReport(
        "learn",
        labelledImages,
        cvPatients,
        holdout,
        s.folds(),
        s.seeds(),
        s.onlyFold() >= 0 ? s.onlyFold() : null,
        s.recipe(),
        s.data().stream().map(LearnBenchReport::spec).toList(),
        s.trainOnly().stream().map(LearnBenchReport::spec).toList(),
        imagesPerGrade,
        s.peer().map(p -> p.script().toString()).orElse(null),
        wallSeconds,
        drgrade,
        peer,
        comparisons,
        testSummary,
        agreement,
        verdict,
        runs,
        finalTest);
  }

  private static void compare(
      Map<String, Comparison> out,
      List<FoldRun> runs,
      String name,
      Function<FoldRun, Double> ours,
      String theirs) {
    List<Double> d = new ArrayList<>();
    for (FoldRun r : runs) {
      Double a = ours.apply(r);
      double b = peerValue(r, theirs);
      if (a != null && !Double.isNaN(b)) {
        d.add(a - b);
      }
    }
    out.put(name, Comparison.of(d));
  }

  private static double peerValue(FoldRun r, String key) {
    JsonNode v = r.peer().path(key);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static String spec(LabelledFolder f) {
    return f.images() + ":" + f.labels();
  }
}
