package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes JPEGs at 1/2, 1/4 or 1/8 scale when the output does not need full resolution.
 *
 * <p>libjpeg scales inside the inverse DCT, so a 1/4 decode of a 16 MP fundus skips most of the
 * decoding work and never allocates the full-size image. For other formats OpenCV's IMREAD_REDUCED
 * flags decode at full size and then resize, which saves nothing, so they are decoded at full size.
 *
 * <p>An EXIF orientation tag is ignored: pixels are used as stored. Fundus cameras write the
 * sensor's landscape frame, where the disc is cut flat at top and bottom as {@link AdaptiveCropper}
 * models it; a tag comes from a later re-export, and rotating by it turns those cuts into left and
 * right ones the cropper scores as no eye. Grading does not depend on rotation (training augments
 * it) and the side comes from the file name, so nothing is lost; the manifest's sizes stay the
 * header's.
 */
public final class ReducedDecoder {

  private ReducedDecoder() {}

  /**
   * The largest reduction (8, 4, 2, else 1) that leaves the short side at least {@code outputSize}.
   * The short side stands in for the disc diameter: in EyePACS images the disc spans the short side
   * (cut flat) or nearly so. {@link ImagePreprocessor} re-decodes at a smaller reduction when the
   * disc turns out smaller than the output.
   */
  public static int reductionFor(ImageHeader header, int outputSize) {
    if (!header.isJpeg()) return 1;
    int shortSide = Math.min(header.width(), header.height());
    for (int reduction = 8; reduction > 1; reduction /= 2) {
      if (shortSide / reduction >= outputSize) return reduction;
    }
    return 1;
  }

  /** Decodes to 8-bit BGR at 1/reduction scale; an empty Mat when OpenCV cannot decode it. */
  public static Mat decode(byte[] encoded, int reduction) {
    try (BytePointer bytes = new BytePointer(encoded);
        Mat buffer = new Mat(1, encoded.length, CV_8UC1, bytes)) {
      return imdecode(buffer, flagFor(reduction));
    }
  }

  private static int flagFor(int reduction) {
    return IMREAD_IGNORE_ORIENTATION
        | switch (reduction) {
          case 1 -> IMREAD_COLOR;
          case 2 -> IMREAD_REDUCED_COLOR_2;
          case 4 -> IMREAD_REDUCED_COLOR_4;
          case 8 -> IMREAD_REDUCED_COLOR_8;
          default ->
              throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8: " + reduction);
        };
  }
}
