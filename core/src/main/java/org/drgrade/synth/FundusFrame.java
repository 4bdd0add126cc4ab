package org.drgrade.synth;

import org.bytedeco.opencv.opencv_core.Point;
import org.drgrade.synth.EyeSpec.FundusDisc;

/**
 * Maps fundus units (origin at the fundus centre, 1 = radius) to pixels of a canvas that may be a
 * scaled-down copy of the image. Points carry {@link #SHIFT} fractional bits, OpenCV's way of
 * drawing at sub-pixel positions, so small lesions stay where planned even on small canvases.
 */
record FundusFrame(double centreX, double centreY, double radius) {
  static final int SHIFT = 4;
  private static final double ONE = 1 << SHIFT;

  static FundusFrame of(FundusDisc fundus, double canvasScale) {
    return new FundusFrame(
        fundus.centreX() * canvasScale,
        fundus.centreY() * canvasScale,
        fundus.radius() * canvasScale);
  }

  /** The same frame on a canvas {@code factor} times as wide. */
  FundusFrame scaled(double factor) {
    return new FundusFrame(centreX * factor, centreY * factor, radius * factor);
  }

  /** A point in pixels, for drawing calls given {@link #SHIFT}. */
  Point point(double x, double y) {
    return new Point(
        (int) Math.round((centreX + x * radius) * ONE),
        (int) Math.round((centreY + y * radius) * ONE));
  }

  /** A length in pixels, for drawing calls given {@link #SHIFT}. */
  int shifted(double length) {
    return (int) Math.max(1, Math.round(length * radius * ONE));
  }

  /** A length in whole pixels. */
  double pixels(double length) {
    return length * radius;
  }
}
