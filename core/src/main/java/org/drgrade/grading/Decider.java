package org.drgrade.grading;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every {@link DecisionRule} on the validation distributions (where the truth is known, so the
 * true kappa is reported beside the proxy) and on the target distributions (the images to submit).
 * Cut-points are tuned on all of validation and applied to the target; their validation figures
 * come from cut-points tuned on the other validation folds ({@link CutPointTuner#outOfFold}), so
 * every validation kappa is out of sample. Annealing and the exact optimiser label each set as a
 * whole, since the proxy is a property of the whole labelling.
 */
public final class Decider {
  private Decider() {}

  /** One rule's result on one set of images. */
  public record Outcome(
      DecisionRule rule,
      String split,
      int images,
      MetricValue proxy,
      MetricValue kappa,
      MetricValue accuracy,
      double millis) {}

  /** All outcomes, and the target labels of each rule. */
  public record Decisions(
      List<Outcome> outcomes, Map<DecisionRule, int[]> targetLabels, GradeCutPoints cutPoints) {
    /**
     * The rule with the highest proxy on the target set (the deepsense.io choice: maximise expected
     * kappa); on a tie the later rule in {@link DecisionRule} order wins, i.e. the exact optimum.
     */
    public DecisionRule bestByTargetProxy() {
      return outcomes.stream()
          .filter(o -> o.split().equals("target") && o.proxy().defined())
          .max(
              java.util.Comparator.<Outcome>comparingDouble(o -> o.proxy().value())
                  .thenComparing(o -> o.rule().ordinal()))
          .map(Outcome::rule)
          .orElse(DecisionRule.EXACT);
    }
  }

  /**
   * @param validationFolds each validation image's fold (whole patients), for the cut-points'
   *     out-of-fold figures
   */
  public static Decisions decide(
      double[][] validation,
      int[] validationGrades,
      int[] validationFolds,
      double[][] target,
      long seed) {
    GradeCutPoints tuned =
        validation.length > 0
            ? CutPointTuner.tune(validation, validationGrades)
            : GradeCutPoints.rounding();
    List<Outcome> outcomes = new ArrayList<>();
    Map<DecisionRule, int[]> targetLabels = new EnumMap<>(DecisionRule.class);
    for (DecisionRule rule : DecisionRule.values()) {
      if (validation.length > 0) {
        outcomes.add(
            outcome(
                rule,
                Split.VALIDATION.label(),
                validation,
                validationGrades,
                validationFolds,
                tuned,
                seed));
      }
      long t0 = System.nanoTime();
      int[] labels = labels(rule, target, tuned, seed);
      double millis = (System.nanoTime() - t0) / 1e6;
      targetLabels.put(rule, labels);
      outcomes.add(
          new Outcome(
              rule,
              "target",
              target.length,
              proxy(target, labels),
              MetricValue.undefined("no truth"),
              MetricValue.undefined("no truth"),
              millis));
    }
    return new Decisions(outcomes, targetLabels, tuned);
  }

  private static Outcome outcome(
      DecisionRule rule,
      String split,
      double[][] p,
      int[] truth,
      int[] folds,
      GradeCutPoints tuned,
      long seed) {
    long t0 = System.nanoTime();
    int[] labels = validationLabels(rule, p, truth, folds, tuned, seed);
    double millis = (System.nanoTime() - t0) / 1e6;
    GradeAgreement agreement = GradeAgreement.of(truth, labels);
    return new Outcome(
        rule, split, p.length, proxy(p, labels), agreement.kappa(), agreement.accuracy(), millis);
  }

  /**
   * The grades {@code rule} gives labelled images for scoring: as {@link #labels}, but tuned
   * cut-points come from the other folds, never from the images they grade.
   */
  public static int[] validationLabels(
      DecisionRule rule, double[][] p, int[] truth, int[] folds, GradeCutPoints tuned, long seed) {
    return rule == DecisionRule.TUNED_CUT_POINTS && p.length > 0
        ? CutPointTuner.outOfFold(p, truth, folds)
        : labels(rule, p, tuned, seed);
  }

  /**
   * The grades {@code rule} gives the images of {@code p} (as a whole set for annealing and exact).
   */
  public static int[] labels(DecisionRule rule, double[][] p, GradeCutPoints tuned, long seed) {
    if (p.length == 0) {
      return new int[0];
    }
    return switch (rule) {
      case ARGMAX -> DecisionBaselines.argmax(p);
      case ROUNDED_EXPECTATION -> DecisionBaselines.roundedExpectation(p);
      case TUNED_CUT_POINTS -> tuned.apply(p);
      case ANNEALING ->
          AnnealingLabeller.label(p, AnnealingSchedule.defaultFor(p.length, seed)).labels();
      case EXACT -> ExactKappaLabeller.label(p).labels();
    };
  }

  private static MetricValue proxy(double[][] p, int[] labels) {
    return p.length == 0 ? MetricValue.undefined("no images") : ExpectedKappaProxy.of(p, labels);
  }
}
