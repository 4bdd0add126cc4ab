package org.drgrade.train;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.drgrade.config.ConfigError;
import org.drgrade.engine.Engine;
import org.drgrade.io.HadoopFiles;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.model.TrainedPatients;

/**
 * Which network of drgrade.train.warm-start's model a new run starts from, once the model's
 * recorded patients ({@link TrainedPatients}) show that its weights never saw the run's validation
 * patients. A single-split run takes the model's last network; the model must be a single-split one
 * that trained on none of the run's validation patients (the same validation patients, or others).
 * Fold k of a cross-validated run takes the last network of the model's own fold k; the model must
 * have the same drgrade.train.folds, seed and patient-to-fold map (another labelled image set
 * re-deals every fold).
 */
final class WarmStart {
  private WarmStart() {}

  /** The chosen network's bytes, and a few words naming it for the log. */
  record Source(byte[] bytes, String what) {}

  /** {@code run}: the patients this run dealt, read only when there is a model to compare. */
  static Source source(
      HadoopFiles files, TrainConfig cfg, Engine engine, int fold, Supplier<TrainedPatients> run) {
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
    requireUnseen(model, store.patients(model).orElse(null), run.get(), cfg.seed(), key);
    int index = index(model, fold, key);
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

  /**
   * Refuses a model whose networks may have trained on this run's validation patients.
   *
   * @param source the model's recorded patients; null for a model that predates the record
   * @param run the patients this run dealt (its saved split or folds)
   */
  static void requireUnseen(
      ModelDescriptor model, TrainedPatients source, TrainedPatients run, long seed, String key) {
    boolean crossValidated = run.folds() > 1;
    if (!crossValidated && model.crossValidated()) {
      throw new ConfigError(
          key
              + " is a cross-validated model: warm-start a run with the same drgrade.train.folds"
              + " from it, or a single-split run from a single-split model");
    }
    if (crossValidated && !model.crossValidated()) {
      throw new ConfigError(
          key
              + " is a single-split model: each fold of a cross-validated run starts from the same"
              + " fold of a model trained with the same drgrade.train.folds, seed and images");
    }
    if (source == null) {
      throw new ConfigError(
          key
              + " predates the record of the patients its networks were trained on (no "
              + TrainedPatients.FILE
              + "), so it cannot be checked against this run's validation patients: retrain it"
              + " with this drgrade, or train without drgrade.train.warm-start");
    }
    if (!crossValidated) {
      // Same validation patients or disjoint ones: either way none of ours was trained on.
      Set<String> validation = new HashSet<>(run.validation());
      long seen = source.train().stream().filter(validation::contains).count();
      if (seen > 0) {
        throw new ConfigError(
            key
                + " was trained on "
                + seen
                + " of this run's "
                + validation.size()
                + " validation patients: warm-start from a model with the same validation"
                + " patients (same images, drgrade.train.validation-fraction and seed) or one"
                + " trained on none of them");
      }
      return;
    }
    String why = ": each fold must start from weights that never saw its validation patients";
    if (source.folds() != run.folds()) {
      throw new ConfigError(
          key
              + " was trained with "
              + source.folds()
              + " folds, this run has "
              + run.folds()
              + " (drgrade.train.folds)"
              + why);
    }
    if (model.training().seed() != seed) {
      throw new ConfigError(
          key
              + " was trained with seed "
              + model.training().seed()
              + ", this run has "
              + seed
              + " (drgrade.train.seed)"
              + why);
    }
    long moved = moved(source.fold(), run.fold());
    if (moved > 0) {
      throw new ConfigError(
          key
              + "'s patient-to-fold map differs from this run's: "
              + moved
              + (moved == 1 ? " patient is" : " patients are")
              + " in another fold or missing (other labelled images re-deal the folds)"
              + why);
    }
  }

  /** Patients of either map that the other puts in another fold or lacks. */
  static long moved(Map<String, Integer> a, Map<String, Integer> b) {
    long moved = a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey()))).count();
    return moved + b.keySet().stream().filter(p -> !a.containsKey(p)).count();
  }

  /** The index in the model's networks of the one to start from. */
  static int index(ModelDescriptor model, int fold, String key) {
    if (fold == TrainStage.SINGLE_SPLIT) {
      return model.networks().size() - 1;
    }
    int index = model.networkFolds().lastIndexOf(fold);
    if (index < 0) {
      throw new ConfigError(key + " has no network of fold " + fold);
    }
    return index;
  }
}
