package org.drgrade.preprocess;

import java.io.Serializable;

/**
 * The fitted fundus disc: centre and radius in pixels (least-squares circle through the outline's
 * arcs, or the mean semi-axis of the fitted ellipse when the outline is whole).
 */
public record Disc(double centerX, double centerY, double radius) implements Serializable {

  /** The box around the whole disc, clipped to a frame of the given size. */
  public CropBox boundsWithin(int frameWidth, int frameHeight) {
    int x0 = (int) Math.max(0, Math.floor(centerX - radius));
    int y0 = (int) Math.max(0, Math.floor(centerY - radius));
    int x1 = (int) Math.min(frameWidth, Math.ceil(centerX + radius));
    int y1 = (int) Math.min(frameHeight, Math.ceil(centerY + radius));
    return new CropBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  /**
   * The same disc in an image {@code factor} times larger. Pixel i of the small image covers [i*f,
   * (i+1)*f) of the large one (area resize, JPEG DCT scaling), so centres map as (c+0.5)f-0.5.
   */
  public Disc scaled(double factor) {
    return new Disc(
        (centerX + 0.5) * factor - 0.5, (centerY + 0.5) * factor - 0.5, radius * factor);
  }
}
