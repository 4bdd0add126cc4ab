package org.drgrade.blend;

import java.io.Serializable;
import java.util.Locale;
import org.drgrade.grading.MetricValue;

/**
 * Validation scores of the ways to grade an eye: its own distribution (raw), the linear blend as
 * fitted on all validation patients and out of fold, and the blend network out of fold. All use the
 * same labelling rule, so the kappas compare like with like; only the out-of-fold ones say what a
 * blender does for patients it was not fitted on. ({@code linearOutOfFold} is null in reports
 * written before it was added.)
 */
public record BlendReport(
    BlendScores raw,
    double linearOwnWeight,
    BlendScores linear,
    BlendScores linearOutOfFold,
    BlendScores networkOutOfFold)
    implements Serializable {

  public static BlendReport of(
      LinearBlend.Fit linear, BlendScores linearOutOfFold, BlendNetworkFit network) {
    return new BlendReport(
        linear.before(),
        linear.blend().ownWeight(),
        linear.after(),
        linearOutOfFold,
        network.after());
  }

  @Override
  public String toString() {
    return String.join(
        "\n",
        "method          exact-kappa  argmax-kappa  log-loss",
        row("raw", raw),
        row(String.format(Locale.ROOT, "linear c=%.2f", linearOwnWeight), linear),
        row("linear (oof)", linearOutOfFold),
        row("network (oof)", networkOutOfFold));
  }

  private static String row(String name, BlendScores s) {
    return String.format(
        Locale.ROOT,
        "%-15s %-12s %-13s %.4f",
        name,
        format(s.exactKappa()),
        format(s.argmaxKappa()),
        s.logLoss());
  }

  private static String format(MetricValue kappa) {
    return kappa.defined() ? String.format(Locale.ROOT, "%.4f", kappa.value()) : "undefined";
  }
}
