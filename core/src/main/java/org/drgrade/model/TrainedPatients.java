package org.drgrade.model;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * patients.json of a model directory: the labelled patients its networks were trained and validated
 * on, as train dealt them. A run warm-started from the model compares it with its own, so that no
 * network starts from weights that saw the run's validation patients (a hash could not say whether
 * two splits merely overlap).
 *
 * @param folds drgrade.train.folds: 1 for a single split
 * @param fold for folds &gt; 1, patient -&gt; the fold that held them out (trained on by every
 *     other fold's networks); patients in no fold took no part. Empty for a single split
 * @param train for a single split, the patients trained on; empty for folds &gt; 1
 * @param validation for a single split, the patients held out; empty for folds &gt; 1
 */
public record TrainedPatients(
    int folds, Map<String, Integer> fold, List<String> train, List<String> validation) {
  public static final String FILE = "patients.json";

  public TrainedPatients {
    // Sorted, so the file is the same for the same patients whatever order Spark returned them in.
    fold = Collections.unmodifiableMap(new TreeMap<>(fold == null ? Map.of() : fold));
    train = sorted(train);
    validation = sorted(validation);
  }

  /** A cross-validated run's patient-to-fold map. */
  public static TrainedPatients ofFolds(int folds, Map<String, Integer> fold) {
    return new TrainedPatients(folds, fold, List.of(), List.of());
  }

  /** A single split's two sides. */
  public static TrainedPatients ofSplit(Collection<String> train, Collection<String> validation) {
    return new TrainedPatients(1, Map.of(), List.copyOf(train), List.copyOf(validation));
  }

  private static List<String> sorted(Collection<String> patients) {
    return patients == null ? List.of() : List.copyOf(new TreeSet<>(patients));
  }
}
