package org.drgrade.predict;

import java.util.List;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/**
 * The predict stage's settings (drgrade.predict.*): where the images, the split and the model are,
 * how many test-time views, and which images (by split). The network's input contract comes from
 * the model, not from here.
 */
public record PredictConfig(
    String preprocessed,
    String trained,
    String model,
    String output,
    Views views,
    List<String> splits) {

  /** Test-time views per image, images per forward pass, and the views' seed. */
  public record Views(int augmentations, int batchSize, long seed) implements java.io.Serializable {
    public static Views from(DrgradeConfig config) {
      return new Views(
          config.positive("predict.augmentations", 1),
          config.positive("predict.batch-size", 1),
          config.longValue("predict.seed"));
    }
  }

  public static PredictConfig from(DrgradeConfig config) {
    int checkpoints = config.positive("predict.checkpoints", 1);
    int keep = config.positive("train.keep-checkpoints", 1);
    if (checkpoints > keep) {
      throw new ConfigError(
          "drgrade.predict.checkpoints ("
              + checkpoints
              + ") exceeds drgrade.train.keep-checkpoints ("
              + keep
              + ")");
    }
    return new PredictConfig(
        config.string("preprocess.output"),
        config.string("train.output"),
        config.string("model.dir"),
        config.string("predict.output"),
        Views.from(config),
        List.copyOf(config.strings("predict.splits")));
  }
}
