package org.drgrade.model;

import java.util.List;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.train.Standardisation;

/**
 * What a network expects as input and how to make it from a photograph: the preprocessing method
 * and its parameters (which give the S x S source), the crop the network sees, and the channel
 * standardisation used in training. Fixed when the model is trained: preprocessing other data later
 * never changes it.
 *
 * @param preprocessing the method's name ({@link #ADAPTIVE_CROP}, docs/METHOD.md section 1, or
 *     {@link #ADAPTIVE_CROP_GRAHAM}); {@code parameters.method()} is what preprocessing follows
 */
public record InputContract(
    int sourceSize,
    int crop,
    String preprocessing,
    PreprocessConfig parameters,
    List<String> channels,
    Standardisation standardisation) {

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
  }
}
