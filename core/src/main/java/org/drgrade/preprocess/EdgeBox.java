package org.drgrade.preprocess;

/**
 * A rectangle with sub-pixel edges, in pixel-centre coordinates (pixel i spans i - 0.5 .. i + 0.5).
 *
 * <p>Why not a {@link CropBox}: the cropper measures the eye on an image 3-15x smaller than the one
 * it crops. Rounding there to whole pixels and scaling up would widen the box by up to one analysis
 * pixel per side (1-3 % of the disc); keeping the edges exact until the final image rounds once, in
 * that image's pixels.
 */
record EdgeBox(double left, double top, double right, double bottom) {

  /** The box around whole pixels {@code x..x+width-1}, {@code y..y+height-1}. */
  static EdgeBox around(CropBox pixels) {
    return new EdgeBox(
        pixels.x() - 0.5,
        pixels.y() - 0.5,
        pixels.x() + pixels.width() - 0.5,
        pixels.y() + pixels.height() - 0.5);
  }

  /**
   * The same box in an image {@code factor} times larger (pixel centres map as (c + 0.5) f - 0.5).
   */
  EdgeBox scaled(double factor) {
    return new EdgeBox(
        map(left, factor), map(top, factor), map(right, factor), map(bottom, factor));
  }

  private static double map(double c, double factor) {
    return (c + 0.5) * factor - 0.5;
  }

  /** The pixels whose centres lie inside, clipped to a frame of the given size. */
  CropBox pixelsWithin(int frameWidth, int frameHeight) {
    int x0 = (int) Math.max(0, Math.ceil(left));
    int y0 = (int) Math.max(0, Math.ceil(top));
    int x1 = (int) Math.min(frameWidth, Math.floor(right) + 1);
    int y1 = (int) Math.min(frameHeight, Math.floor(bottom) + 1);
    return new CropBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }
}
