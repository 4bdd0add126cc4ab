package org.drgrade.preprocess;

/** What {@link AdaptiveCropper} found: an {@link EyeCrop} or {@link NoEye}. */
public sealed interface CropOutcome permits EyeCrop, CropOutcome.NoEye {

  /** No outline at any threshold looked like a fundus disc; {@code reason} says what was seen. */
  record NoEye(String reason) implements CropOutcome {}
}
