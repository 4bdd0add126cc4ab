package org.drgrade.grading;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * A metric that may be undefined (kappa with no expected disagreement, sensitivity with no
 * positives...). Undefined carries a reason instead of a silent NaN.
 */
public record MetricValue(boolean defined, double value, String undefinedReason)
    implements Serializable {

  public MetricValue {
    if (defined && !Double.isFinite(value)) {
      throw new IllegalArgumentException("a defined metric must be finite, got " + value);
    }
  }

  public static MetricValue of(double value) {
    return new MetricValue(true, value, null);
  }

  public static MetricValue undefined(String reason) {
    return new MetricValue(false, Double.NaN, reason);
  }

  /**
   * The value, or throws with the reason: for callers that have already excluded the undefined
   * case.
   */
  public double orThrow() {
    if (!defined) {
      throw new IllegalStateException("metric undefined: " + undefinedReason);
    }
    return value;
  }

  public OptionalDouble asOptional() {
    return defined ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  @Override
  public String toString() {
    return defined ? Double.toString(value) : "undefined (" + undefinedReason + ")";
  }
}
