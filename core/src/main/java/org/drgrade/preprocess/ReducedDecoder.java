package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Decodes JPEGs at 1/2, 1/4 or 1/8 scale when the output does not need full resolution.
 *
 * <p>libjpeg scales inside the inverse DCT, so a 1/4 decode of a 16 MP fundus skips most of the
 * decoding work and never allocates the full-size image. For other formats OpenCV's IMREAD_REDUCED
 * flags decode at full size and then resize, which saves nothing, so they are decoded at full size.
 *
 * <p>An image with an alpha channel (PNG, TIFF, WebP) is composited on black: a masked export's
 * transparent surround may hide any colour, and the cropper expects the black a camera leaves
 * around the field of view.
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
    int flag = flagFor(reduction);
    try (BytePointer bytes = new BytePointer(encoded);
        Mat buffer = new Mat(1, encoded.length, CV_8UC1, bytes)) {
      // JPEG has no alpha: keep the reduced DCT decode
      if (isJpeg(encoded)) return imdecode(buffer, flag);
      Mat unchanged = imdecode(buffer, IMREAD_UNCHANGED);
      int channels = unchanged.channels();
      int depth = unchanged.depth();
      if ((channels == 2 || channels == 4) && (depth == CV_8U || depth == CV_16U)) {
        try (unchanged) {
          return reduced(compositeOnBlack(unchanged), reduction);
        }
      }
      // 8-bit BGR is what IMREAD_COLOR returns; spare a second decode
      if (reduction == 1 && unchanged.type() == CV_8UC3) return unchanged;
      unchanged.close();
      return imdecode(buffer, flag);
    }
  }

  /**
   * 8-bit BGR colour * alpha / max of a grey+alpha or BGRA image of 8 or 16 bits: the transparent
   * part becomes black, an opaque one keeps the colour IMREAD_COLOR gives.
   */
  static Mat compositeOnBlack(Mat withAlpha) {
    int alphaChannel = withAlpha.channels() - 1;
    try (Mat colour = new Mat();
        Mat alpha = new Mat();
        Mat alpha3 = new Mat()) {
      if (alphaChannel == 3) {
        cvtColor(withAlpha, colour, COLOR_BGRA2BGR);
      } else {
        try (Mat grey = new Mat()) {
          extractChannel(withAlpha, grey, 0);
          cvtColor(grey, colour, COLOR_GRAY2BGR);
        }
      }
      extractChannel(withAlpha, alpha, alphaChannel);
      cvtColor(alpha, alpha3, COLOR_GRAY2BGR);
      if (withAlpha.depth() == CV_16U) {
        to8Bit(colour);
        to8Bit(alpha3);
      }
      Mat out = new Mat();
      multiply(colour, alpha3, out, 1.0 / 255, CV_8U);
      return out;
    }
  }

  /** 16 to 8 bits keeping the high byte, as libpng's strip_16 does for IMREAD_COLOR. */
  private static void to8Bit(Mat image) {
    // the offset turns convertTo's rounding into truncation: (v - 127.5) / 256 is never a tie
    image.convertTo(image, CV_8U, 1.0 / 256, -127.5 / 256);
  }

  /** As IMREAD_REDUCED_COLOR_k sizes a non-JPEG; INTER_AREA averages each k x k block. */
  private static Mat reduced(Mat full, int reduction) {
    if (reduction == 1) return full;
    try (full;
        Size size = new Size(full.cols() / reduction, full.rows() / reduction)) {
      Mat small = new Mat();
      resize(full, small, size, 0, 0, INTER_AREA);
      return small;
    }
  }

  private static boolean isJpeg(byte[] encoded) {
    return encoded.length >= 3
        && (encoded[0] & 0xff) == 0xff
        && (encoded[1] & 0xff) == 0xd8
        && (encoded[2] & 0xff) == 0xff;
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
