package org.drgrade.model;

import java.util.List;
import org.drgrade.preprocess.PreprocessConfig;

/**
 * What a network expects as input and how to make it from a photograph: the preprocessing method
 * and its parameters (which give the S x S source), the crop the network sees, and the channel
 * standardisation used in training. Fixed when the model is trained: preprocessing other data later
 * never changes it.
 *
 * @param preprocessing the method's name ({@link #ADAPTIVE_CROP}, docs/method.md, Preprocessing, or
 *     {@link #ADAPTIVE_CROP_GRAHAM}); {@code parameters.method()} is what preprocessing follows
 * @param standardisation the channel statistics of the training images, never of validation
 *     patients: a single split's training side; for a cross-validated model all folds' training
 *     images together, while each network uses its own fold's ({@code foldStandardisations})
 * @param foldStandardisations for a cross-validated model, fold k's training images' statistics at
 *     index k, which fold k's networks were trained and predict with; empty for a single split (and
 *     in model.json files written before it existed, whose networks all used {@code
 *     standardisation})
 */
public record InputContract(
    int sourceSize,
    int crop,
    String preprocessing,
    PreprocessConfig parameters,
    List<String> channels,
    Standardisation standardisation,
    List<Standardisation> foldStandardisations) {

  public static final String ADAPTIVE_CROP = "adaptive-crop-letterbox-equalise";

  public static final String ADAPTIVE_CROP_GRAHAM = "adaptive-crop-letterbox-graham";

  /** The method's name for preprocessing made with {@code parameters}. */
  public static String preprocessingOf(PreprocessConfig parameters) {
    return switch (parameters.method()) {
      case EQUALISE -> ADAPTIVE_CROP;
      case GRAHAM -> ADAPTIVE_CROP_GRAHAM;
    };
  }

  public InputContract {
    if (crop < 1 || crop > sourceSize) {
      throw new IllegalArgumentException("crop " + crop + " of source " + sourceSize);
    }
    if (parameters.outputSize() != sourceSize) {
      throw new IllegalArgumentException(
          "preprocessing output " + parameters.outputSize() + " != source " + sourceSize);
    }
    channels = List.copyOf(channels);
    foldStandardisations =
        foldStandardisations == null ? List.of() : List.copyOf(foldStandardisations);
  }

  /** The statistics the networks of {@code fold} were trained with. */
  public Standardisation standardisation(int fold) {
    return foldStandardisations.isEmpty() ? standardisation : foldStandardisations.get(fold);
  }
}
