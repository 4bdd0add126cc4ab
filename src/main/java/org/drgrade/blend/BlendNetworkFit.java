package org.drgrade.blend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The blend network trained on validation predictions, with an honest estimate of its effect. A
 * network scored on the rows it was trained on would report its memorisation, so the validation
 * patients are split into K patient-level folds ({@link PatientFolds}); each fold is blended by a
 * network trained on the other K-1, giving out-of-fold distributions for every validation patient.
 * The model to apply to test patients is then trained on all of them.
 *
 * @param model network trained on every validation patient: what the pipeline applies
 * @param outOfFold validation pairs, in input order, each blended by a network that never saw it
 * @param before scores of the raw validation distributions
 * @param after scores of {@code outOfFold}
 */
public record BlendNetworkFit(
    BlendNetwork model, List<EyePair> outOfFold, BlendScores before, BlendScores after) {

  public static BlendNetworkFit crossValidate(List<EyePair> validation, BlendNetworkSpec spec) {
    Map<String, Integer> folds =
        PatientFolds.assign(
            validation.stream().map(EyePair::patient).toList(), spec.folds(), spec.seed());
    EyePair[] outOfFold = new EyePair[validation.size()];
    for (int fold = 0; fold < spec.folds(); fold++) {
      List<EyePair> training = new ArrayList<>();
      List<Integer> heldOut = new ArrayList<>();
      for (int i = 0; i < validation.size(); i++) {
        if (folds.get(validation.get(i).patient()) == fold) {
          heldOut.add(i);
        } else {
          training.add(validation.get(i));
        }
      }
      List<EyePair> blended =
          BlendNetwork.train(training, spec)
              .blendAll(heldOut.stream().map(validation::get).toList());
      for (int j = 0; j < heldOut.size(); j++) {
        outOfFold[heldOut.get(j)] = blended.get(j);
      }
    }
    List<EyePair> outOfFoldPairs = List.of(outOfFold);
    return new BlendNetworkFit(
        BlendNetwork.train(validation, spec),
        outOfFoldPairs,
        BlendScores.of(validation),
        BlendScores.of(outOfFoldPairs));
  }
}
