package org.drgrade.preprocess;

/** Why an image produced no preprocessed output; the Spark stage quarantines it with this code. */
public enum FailureReason {
  /** The bytes are not an image OpenCV can decode. */
  UNDECODABLE,
  /** The header announces more pixels than {@link PreprocessConfig#maxSourcePixels()}. */
  TOO_LARGE,
  /** Decoded, but no threshold gave an outline that looks like a fundus disc. */
  NO_EYE_FOUND
}
