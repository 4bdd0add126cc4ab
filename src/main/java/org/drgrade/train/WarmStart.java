package org.drgrade.train;

import org.drgrade.config.ConfigError;
import org.drgrade.engine.Engine;
import org.drgrade.io.HadoopFiles;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;

/**
 * Which network of drgrade.train.warm-start's model a new run starts from. A single-split run takes
 * the model's last network. Fold k of a cross-validated run takes the last network of the model's
 * own fold k, so no fold starts from weights that saw its validation patients: the model must have
 * been trained with the same drgrade.train.folds and seed on the same labelled images (the folds
 * are drawn from those alone).
 */
final class WarmStart {
  private WarmStart() {}

  /** The chosen network's bytes, and a few words naming it for the log. */
  record Source(byte[] bytes, String what) {}

  static Source source(HadoopFiles files, TrainConfig cfg, Engine engine, int fold) {
    ModelStore store = new ModelStore(files, cfg.warmStart());
    ModelDescriptor model = store.read();
    String key = "drgrade.train.warm-start (" + cfg.warmStart() + ")";
    if (!model.engine().equals(engine.id())) {
      throw new ConfigError(
          key
              + " holds "
              + model.engine()
              + " networks; drgrade.train.engine is "
              + engine.id()
              + ": warm-start from a model of the same engine");
    }
    int index = index(model, fold, key, cfg.seed());
    byte[] bytes = store.readFile(model.networks().get(index)); // the one network, not all
    return new Source(
        bytes,
        "network "
            + index
            + " of "
            + model.networks().size()
            + (fold == TrainStage.SINGLE_SPLIT ? "" : ", fold " + fold)
            + ", epoch "
            + (model.training().networkEpochs().get(index) + 1)
            + " at "
            + model.input().crop()
            + " px");
  }

  /** The index in the model's networks of the one to start from. */
  static int index(ModelDescriptor model, int fold, String key, long seed) {
    if (fold == TrainStage.SINGLE_SPLIT) {
      if (model.crossValidated()) {
        throw new ConfigError(
            key
                + " is a cross-validated model: warm-start a run with the same drgrade.train.folds"
                + " from it, or a single-split run from a single-split model");
      }
      return model.networks().size() - 1;
    }
    if (!model.crossValidated() || model.training().seed() != seed) {
      throw new ConfigError(
          key
              + " must be a cross-validated model trained with the same drgrade.train.folds and"
              + " drgrade.train.seed ("
              + seed
              + ") on the same images, so that fold "
              + fold
              + " starts from weights that never saw its validation patients");
    }
    int index = model.networkFolds().lastIndexOf(fold);
    if (index < 0) {
      throw new ConfigError(key + " has no network of fold " + fold);
    }
    return index;
  }
}
