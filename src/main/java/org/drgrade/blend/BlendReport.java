package org.drgrade.blend;

import java.io.Serializable;
import java.util.Locale;
import org.drgrade.grading.MetricValue;

/**
 * Validation scores of the three ways to grade an eye: its own distribution (raw), the fitted
 * linear blend, and the blend network out of fold. All use the same labelling rule, so the kappas
 * compare like with like.
 */
public record BlendReport(
    BlendScores raw, double linearOwnWeight, BlendScores linear, BlendScores networkOutOfFold)
    implements Serializable {

  public static BlendReport of(LinearBlend.Fit linear, BlendNetworkFit network) {
    return new BlendReport(
        linear.before(), linear.blend().ownWeight(), linear.after(), network.after());
  }

  @Override
  public String toString() {
    return String.join(
        "\n",
        "method          exact-kappa  argmax-kappa  log-loss",
        row("raw", raw),
        row(String.format(Locale.ROOT, "linear c=%.2f", linearOwnWeight), linear),
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
