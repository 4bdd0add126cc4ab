package org.drgrade.predict;

import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/** The predict stage's settings (drgrade.predict.*). */
public record PredictConfig(String preprocessed, String trained, String output, int sourceSize, int crop,
    int augmentations, int checkpoints, int batchSize, long seed) {

  public static PredictConfig from(DrgradeConfig config) {
    int checkpoints = config.positive("predict.checkpoints", 1);
    int keep = config.positive("train.keep-checkpoints", 1);
    if (checkpoints > keep) {
      throw new ConfigError("drgrade.predict.checkpoints (" + checkpoints + ") exceeds drgrade.train.keep-checkpoints (" + keep + ")");
    }
    return new PredictConfig(config.string("preprocess.output"), config.string("train.output"),
        config.string("predict.output"), config.positive("preprocess.size", 16), config.positive("train.crop", 64),
        config.positive("predict.augmentations", 1), checkpoints, config.positive("predict.batch-size", 1),
        config.longValue("predict.seed"));
  }
}
