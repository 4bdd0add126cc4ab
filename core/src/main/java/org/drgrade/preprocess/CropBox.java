package org.drgrade.preprocess;

import java.io.Serializable;

/** Axis-aligned rectangle in pixels of the image it was measured on. */
public record CropBox(int x, int y, int width, int height) implements Serializable {

  public long area() {
    return (long) width * height;
  }

  /** True when the other box lies inside this one, allowing {@code slack} pixels on each side. */
  public boolean contains(CropBox other, int slack) {
    return other.x >= x - slack
        && other.y >= y - slack
        && other.x + other.width <= x + width + slack
        && other.y + other.height <= y + height + slack;
  }
}
