package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.drgrade.config.ConfigError;
import org.drgrade.folds.PatientFolds;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.TrainedPatients;
import org.junit.jupiter.api.Test;

/**
 * Which network of a warm-start model a run starts from, and the models it refuses: those whose
 * networks may have trained on the run's validation patients.
 */
class WarmStartSourceTest {
  private static final String KEY = "drgrade.train.warm-start (m)";

  private static ModelDescriptor model(List<Integer> folds, long seed) {
    List<String> networks =
        IntStream.range(0, folds.isEmpty() ? 3 : folds.size())
            .mapToObj(i -> "networks/network-" + i + ".zip")
            .toList();
    return new ModelDescriptor(
        1,
        "torch",
        "2026-12-01T00:00:00Z",
        null,
        ModelDescriptor.ClassScheme.fiveGradeSoftmax(),
        networks,
        folds,
        new ModelDescriptor.TrainingRecord(
            30, 600, 150, List.of(27, 28, 29), 1.4, 0.2, 372053, seed, 0, null, ""),
        TrainedPatients.FILE,
        null,
        null);
  }

  /** Patients p000..p{n-1} with worse grades cycling 0-4, dealt as train deals them. */
  private static TrainedPatients folds(int patients, int k, long seed) {
    Map<String, Integer> worse = new HashMap<>();
    for (int i = 0; i < patients; i++) {
      worse.put(String.format("p%03d", i), i % 5);
    }
    return TrainedPatients.ofFolds(k, PatientFolds.stratified(worse, k, seed));
  }

  private static TrainedPatients split(int fromValidation, int toValidation, int patients) {
    List<String> all = IntStream.range(0, patients).mapToObj(i -> "p" + i).toList();
    List<String> validation = all.subList(fromValidation, toValidation);
    return TrainedPatients.ofSplit(
        all.stream().filter(p -> !validation.contains(p)).toList(), validation);
  }

  private static String refused(
      ModelDescriptor model, TrainedPatients source, TrainedPatients run) {
    return assertThrows(
            ConfigError.class, () -> WarmStart.requireUnseen(model, source, run, 2015, KEY))
        .getMessage();
  }

  @Test
  void aSingleSplitRunStartsFromTheLastNetwork() {
    assertEquals(2, WarmStart.index(model(List.of(), 2015), TrainStage.SINGLE_SPLIT, KEY));
  }

  @Test
  void foldKStartsFromTheModelsLastNetworkOfFoldK() {
    ModelDescriptor cv = model(List.of(0, 0, 1, 1, 2, 2), 2015);
    assertEquals(1, WarmStart.index(cv, 0, KEY));
    assertEquals(5, WarmStart.index(cv, 2, KEY));
    assertThrows(ConfigError.class, () -> WarmStart.index(cv, 3, KEY));
  }

  @Test
  void aCrossValidatedRunNeedsTheSameFoldsSeedAndPatientToFoldMap() {
    ModelDescriptor cv = model(List.of(0, 1, 2), 2015);
    TrainedPatients same = folds(60, 3, 2015);
    assertDoesNotThrow(() -> WarmStart.requireUnseen(cv, same, folds(60, 3, 2015), 2015, KEY));

    String otherK = refused(cv, same, folds(60, 5, 2015));
    assertTrue(otherK.contains("was trained with 3 folds, this run has 5"), otherK);

    String otherSeed = refused(model(List.of(0, 1, 2), 7), same, folds(60, 3, 2015));
    assertTrue(otherSeed.contains("was trained with seed 7, this run has 2015"), otherSeed);

    // One patient more or fewer re-deals the folds: most patients change fold.
    for (int patients : new int[] {59, 61}) {
      String images = refused(cv, same, folds(patients, 3, 2015));
      assertTrue(
          images.contains("'s patient-to-fold map differs from this run's: ")
              && images.contains(" patients are in another fold or missing"),
          images);
    }
    Map<String, Integer> oneMissing = new HashMap<>(same.fold());
    oneMissing.remove("p000");
    String one = refused(cv, same, TrainedPatients.ofFolds(3, oneMissing));
    assertTrue(one.contains(": 1 patient is in another fold or missing"), one);
  }

  @Test
  void aSingleSplitRunNeedsASourceTrainedOnNoneOfItsValidationPatients() {
    ModelDescriptor single = model(List.of(), 2015);
    TrainedPatients run = split(0, 20, 100); // validation p0..p19
    assertDoesNotThrow(() -> WarmStart.requireUnseen(single, split(0, 20, 100), run, 2015, KEY));
    // Validated on p0..p29, trained on the rest: none of this run's validation patients.
    assertDoesNotThrow(() -> WarmStart.requireUnseen(single, split(0, 30, 100), run, 2015, KEY));
    // A source on other patients altogether, with another seed: nothing of ours seen either.
    TrainedPatients elsewhere = TrainedPatients.ofSplit(List.of("q1", "q2"), List.of("q3"));
    assertDoesNotThrow(() -> WarmStart.requireUnseen(single, elsewhere, run, 7, KEY));

    String overlap = refused(single, split(10, 30, 100), run); // trained on p0..p9
    assertTrue(overlap.contains("was trained on 10 of this run's 20 validation patients"), overlap);
  }

  @Test
  void refusesTheOtherKindOfModelAndOneWithoutARecord() {
    TrainedPatients cvRun = folds(60, 3, 2015);
    String single = refused(model(List.of(), 2015), split(0, 20, 100), cvRun);
    assertTrue(single.contains("is a single-split model"), single);
    String cv = refused(model(List.of(0, 1, 2), 2015), cvRun, split(0, 20, 100));
    assertTrue(cv.contains("is a cross-validated model"), cv);
    String old = refused(model(List.of(0, 1, 2), 2015), null, cvRun);
    assertTrue(old.contains("predates the record") && old.contains("retrain it"), old);
  }
}
