package org.drgrade.preprocess;

import java.io.Serializable;

/** The outcome of {@link ImagePreprocessor#process}: a {@link Success} or a {@link Failure}. */
public sealed interface PreprocessResult extends Serializable {

  /**
   * @param png the size x size normalised image, PNG-encoded, BGR order as OpenCV writes it
   * @param crop where the eye is, in source pixels
   * @param sourceWidth width of the source image
   * @param sourceHeight height of the source image
   * @param decodeReduction 1, 2, 4 or 8: the JPEG DCT scale the source was decoded at
   * @param stats channel sums over the eye pixels of the output
   */
  record Success(
      byte[] png,
      EyeCrop crop,
      int sourceWidth,
      int sourceHeight,
      int decodeReduction,
      ChannelStats stats)
      implements PreprocessResult {}

  /**
   * @param message a sentence for the quarantine table saying what was seen
   */
  record Failure(FailureReason reason, String message) implements PreprocessResult {}
}
