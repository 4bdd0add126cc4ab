package org.drgrade.model;

/**
 * Which part of a source image the network sees and how it is flipped: a size x size window whose
 * top-left corner is (top, left), mirrored left-right and/or upside-down.
 */
public record CropView(int top, int left, int size, boolean flipHorizontal, boolean flipVertical) {

  public CropView {
    if (top < 0 || left < 0 || size < 1) {
      throw new IllegalArgumentException("crop " + size + " at (" + top + "," + left + ")");
    }
  }
}
