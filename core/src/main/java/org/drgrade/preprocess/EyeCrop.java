package org.drgrade.preprocess;

import java.io.Serializable;

/**
 * Where the eye is in one image, as found by {@link AdaptiveCropper}.
 *
 * @param box region to keep, in pixels of the image the cropper was given
 * @param disc fitted disc in the same pixels; it may reach outside the box and the frame
 * @param cutTop the visible eye stops above the disc's top (camera mask or frame edge)
 * @param cutBottom the same at the bottom
 * @param threshold red-channel level whose outline was chosen
 * @param quality outline score in [0,1] (see {@link OutlineScore})
 */
public record EyeCrop(
    CropBox box, Disc disc, boolean cutTop, boolean cutBottom, int threshold, double quality)
    implements CropOutcome, Serializable {

  /**
   * The same crop in the pixels of an image {@code factor} times larger (reduced decode to source).
   */
  public EyeCrop scaled(double factor, int frameWidth, int frameHeight) {
    int x0 = (int) Math.floor(box.x() * factor);
    int y0 = (int) Math.floor(box.y() * factor);
    int x1 = (int) Math.min(frameWidth, Math.ceil((box.x() + box.width()) * factor));
    int y1 = (int) Math.min(frameHeight, Math.ceil((box.y() + box.height()) * factor));
    return new EyeCrop(
        new CropBox(x0, y0, x1 - x0, y1 - y0),
        disc.scaled(factor),
        cutTop,
        cutBottom,
        threshold,
        quality);
  }
}
