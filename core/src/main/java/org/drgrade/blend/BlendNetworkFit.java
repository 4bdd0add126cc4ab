package org.drgrade.blend;

import java.util.List;

/**
 * The blend network trained on validation predictions, with an honest estimate of its effect: a
 * network scored on the rows it was trained on would report its memorisation, so every validation
 * patient is also blended by a network trained without it ({@link OutOfFoldBlend}). The model to
 * apply to test patients is then trained on all of them.
 *
 * @param model network trained on every validation patient: what the pipeline applies
 * @param outOfFold validation pairs, in input order, each blended by a network that never saw it
 * @param before scores of the raw validation distributions
 * @param after scores of {@code outOfFold}
 */
public record BlendNetworkFit(
    BlendNetwork model, List<EyePair> outOfFold, BlendScores before, BlendScores after) {

  public static BlendNetworkFit crossValidate(List<EyePair> validation, BlendNetworkSpec spec) {
    List<EyePair> outOfFold =
        OutOfFoldBlend.of(
            validation, spec.folds(), spec.seed(), fitted -> BlendNetwork.train(fitted, spec));
    return new BlendNetworkFit(
        BlendNetwork.train(validation, spec),
        outOfFold,
        BlendScores.of(validation),
        BlendScores.of(outOfFold));
  }
}
