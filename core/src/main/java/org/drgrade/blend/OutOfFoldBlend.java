package org.drgrade.blend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.drgrade.folds.PatientFolds;

/**
 * Blends every validation patient with a blender fitted without that patient. A blender scored on
 * the rows it was fitted on reports its fit, not its effect on new patients, so the patients are
 * split into K patient-level folds ({@link PatientFolds}) and each fold is blended by a blender
 * fitted on the other K-1.
 */
final class OutOfFoldBlend {
  private OutOfFoldBlend() {}

  /**
   * @param fit fits a blender on some validation pairs
   * @return the validation pairs, in input order, each blended by a blender that never saw it
   */
  static List<EyePair> of(
      List<EyePair> validation, int folds, long seed, Function<List<EyePair>, EyeBlender> fit) {
    Map<String, Integer> fold =
        PatientFolds.assign(validation.stream().map(EyePair::patient).toList(), folds, seed);
    EyePair[] outOfFold = new EyePair[validation.size()];
    for (int k = 0; k < folds; k++) {
      List<EyePair> fitted = new ArrayList<>();
      List<Integer> heldOut = new ArrayList<>();
      for (int i = 0; i < validation.size(); i++) {
        if (fold.get(validation.get(i).patient()) == k) {
          heldOut.add(i);
        } else {
          fitted.add(validation.get(i));
        }
      }
      List<EyePair> blended =
          fit.apply(fitted).blendAll(heldOut.stream().map(validation::get).toList());
      for (int j = 0; j < heldOut.size(); j++) {
        outOfFold[heldOut.get(j)] = blended.get(j);
      }
    }
    return List.of(outOfFold);
  }
}
