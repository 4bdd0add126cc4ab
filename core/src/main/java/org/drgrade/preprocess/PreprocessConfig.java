package org.drgrade.preprocess;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of the per-image preprocessing core.
 *
 * @param outputSize side S of the square output (docs/method.md: 512)
 * @param analysisSize long side of the downscaled red-channel image the cropper searches on; 320 px
 *     resolves the disc edge to ~0.3 % of its radius and keeps the threshold search at a few ms
 * @param thresholds red-channel levels tried by the adaptive cropper, ascending
 * @param minQuality crops scoring below this are rejected as NO_EYE_FOUND
 * @param reducedDecode decode large JPEGs at 1/2, 1/4 or 1/8 scale when the output allows it
 * @param maxSourcePixels header width*height above which an image is refused (decompression bombs)
 * @param pngCompression zlib level of the output PNG (0-9); 3 is ~2x faster than 9 for ~5 % more
 *     bytes
 * @param method how the letterboxed eye is normalised; {@code null} (a preprocessing.json or
 *     model.json written before the method was recorded) reads as {@link
 *     PreprocessMethod#EQUALISE}, the only method there was then
 */
public record PreprocessConfig(
    int outputSize,
    int analysisSize,
    List<Integer> thresholds,
    double minQuality,
    boolean reducedDecode,
    long maxSourcePixels,
    int pngCompression,
    PreprocessMethod method)
    implements Serializable {

  /** Thresholds roughly geometric: fine steps near black where the border noise lives. */
  public static final List<Integer> DEFAULT_THRESHOLDS =
      List.of(3, 5, 7, 9, 12, 15, 19, 24, 30, 37, 45, 55, 66);

  public PreprocessConfig {
    if (outputSize < 16) throw new IllegalArgumentException("outputSize < 16: " + outputSize);
    if (analysisSize < 64) throw new IllegalArgumentException("analysisSize < 64: " + analysisSize);
    if (thresholds.isEmpty()) throw new IllegalArgumentException("no thresholds");
    thresholds = List.copyOf(thresholds);
    if (method == null) method = PreprocessMethod.EQUALISE;
  }

  /**
   * docs/method.md's reference parameters, with the seed's per-channel equalisation (what the
   * preprocessing speed bench and the unit tests measure). The configured default of
   * drgrade.preprocess.method is graham (reference.conf).
   */
  public static PreprocessConfig defaults() {
    return new PreprocessConfig(
        512, 320, DEFAULT_THRESHOLDS, 0.5, true, 100_000_000L, 3, PreprocessMethod.EQUALISE);
  }

  public PreprocessConfig withOutputSize(int size) {
    return new PreprocessConfig(
        size,
        analysisSize,
        thresholds,
        minQuality,
        reducedDecode,
        maxSourcePixels,
        pngCompression,
        method);
  }

  public PreprocessConfig withReducedDecode(boolean reduced) {
    return new PreprocessConfig(
        outputSize,
        analysisSize,
        thresholds,
        minQuality,
        reduced,
        maxSourcePixels,
        pngCompression,
        method);
  }

  public PreprocessConfig withMethod(PreprocessMethod m) {
    return new PreprocessConfig(
        outputSize,
        analysisSize,
        thresholds,
        minQuality,
        reducedDecode,
        maxSourcePixels,
        pngCompression,
        m);
  }

  /**
   * Whether {@code other} makes the same output pixels: every parameter but the PNG compression and
   * the source-size limit.
   */
  public boolean samePixelsAs(PreprocessConfig other) {
    return outputSize == other.outputSize
        && analysisSize == other.analysisSize
        && thresholds.equals(other.thresholds)
        && minQuality == other.minQuality
        && reducedDecode == other.reducedDecode
        && method == other.method;
  }

  /** The pixels-defining parameters, for messages. */
  public String pixelsText() {
    return String.format(
        "method %s, size %d, analysis size %d, thresholds %s, min quality %s, reduced decode %s",
        method.id(), outputSize, analysisSize, thresholds, minQuality, reducedDecode);
  }
}
