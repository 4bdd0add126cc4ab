package org.drgrade.decide;

import java.util.Arrays;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.grading.DecisionRule;

/** The decide stage's settings (drgrade.decide.*). */
public record DecideConfig(
    String input,
    String output,
    String targetSplit,
    String submissionRule,
    long seed,
    String model,
    String beforeBlending) {
  public static final String BEST_PROXY = "best-proxy";

  public static DecideConfig from(DrgradeConfig config) {
    String rule = config.string("decide.submission-rule");
    boolean known =
        rule.equals(BEST_PROXY)
            || Arrays.stream(DecisionRule.values()).anyMatch(r -> r.label().equals(rule));
    if (!known) {
      throw new ConfigError(
          "drgrade.decide.submission-rule must be "
              + BEST_PROXY
              + " or one of "
              + Arrays.stream(DecisionRule.values()).map(DecisionRule::label).toList()
              + ", got '"
              + rule
              + "'");
    }
    return new DecideConfig(
        config.string("decide.input"),
        config.string("decide.output"),
        config.string("decide.target-split"),
        rule,
        config.longValue("decide.seed"),
        config.string("model.dir"),
        config.string("predict.output"));
  }
}
