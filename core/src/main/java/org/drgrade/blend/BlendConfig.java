package org.drgrade.blend;

import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/** The blend stage's settings (drgrade.blend.*). */
public record BlendConfig(
    String input, String output, String method, BlendNetworkSpec network, String model) {
  public static final String NETWORK = "network";
  public static final String LINEAR = "linear";
  public static final String NONE = "none";

  public static BlendConfig from(DrgradeConfig config) {
    String method = config.string("blend.method");
    if (!method.equals(NETWORK) && !method.equals(LINEAR) && !method.equals(NONE)) {
      throw new ConfigError(
          "drgrade.blend.method must be network, linear or none, got '" + method + "'");
    }
    double drop = config.number("blend.dropout");
    if (!(drop >= 0 && drop < 1)) {
      throw new ConfigError("drgrade.blend.dropout must be in [0, 1), got " + drop);
    }
    BlendNetworkSpec spec =
        new BlendNetworkSpec(
            config.positive("blend.hidden-units", 1),
            drop,
            config.number("blend.learning-rate"),
            config.number("blend.l2"),
            config.positive("blend.epochs", 1),
            config.positive("blend.batch-size", 1),
            config.positive("blend.folds", 2),
            config.longValue("blend.seed"));
    return new BlendConfig(
        config.string("predict.output"),
        config.string("blend.output"),
        method,
        spec,
        config.string("model.dir"));
  }
}
