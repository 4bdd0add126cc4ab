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
 * train.class-balance.toward} is given to train towards the graded population's mix.
 */
public record LearnBenchReport(
    String bench,
    int labelledImages,
    int crossValidatedPatients,
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
    List<FoldRun> runs) {

  /**
   * One fold of one seed: drgrade's scores on the held-out patients as predicted ({@code scores},
   * what the peer is compared with) and after the pipeline's eye blending ({@code blended}, by
   * {@code blendMethod}: what {@code drgrade run} submits), and the peer's JSON.
   */
  public record FoldRun(
      long seed,
      int fold,
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

  static LearnBenchReport of(
      LearnBench.Settings s,
      int labelledImages,
      int cvPatients,
      Map<String, List<Integer>> imagesPerGrade,
      List<FoldRun> runs,
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
        runs);
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
