package org.drgrade.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How big the generated images are. Every image first draws one of the EyePACS camera resolutions
 * (so aspect ratios vary as in the real data); the profile then decides the pixel size from it.
 * Text forms for configuration: {@code small}, {@code camera}, {@code camera:0.25} (camera sizes
 * times 0.25), {@code width:600-900} (width drawn in that range, the camera's aspect kept).
 */
public sealed interface SizeProfile {
  /** The camera resolutions found in the Kaggle EyePACS data, width x height. */
  List<ImageSize> CAMERAS =
      List.of(
          new ImageSize(4928, 3264),
          new ImageSize(4752, 3168),
          new ImageSize(3888, 2592),
          new ImageSize(3872, 2592),
          new ImageSize(3504, 2336),
          new ImageSize(3456, 2304),
          new ImageSize(3216, 2136),
          new ImageSize(2816, 1880),
          new ImageSize(2592, 1944),
          new ImageSize(2560, 1920),
          new ImageSize(2544, 1696),
          new ImageSize(1792, 1184));

  /** Fast images for tests and the embedded default data set: widths 320..480. */
  SizeProfile SMALL = new WidthRange(320, 480);

  /** The real camera resolutions. */
  SizeProfile CAMERA = new CameraScaled(1.0);

  /** The image size for one image, given its camera and the image's own random stream. */
  ImageSize pick(ImageSize camera, SplittableRandom random);

  static SizeProfile parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.equals("small")) return SMALL;
    if (t.equals("camera")) return CAMERA;
    if (t.startsWith("camera:")) return new CameraScaled(Double.parseDouble(t.substring(7)));
    if (t.startsWith("width:")) {
      String[] range = t.substring(6).split("-");
      int min = Integer.parseInt(range[0]);
      return new WidthRange(min, range.length > 1 ? Integer.parseInt(range[1]) : min);
    }
    throw new IllegalArgumentException(
        "unknown size profile '" + text + "': use small, camera, camera:SCALE or width:MIN-MAX");
  }

  /** The camera's own resolution times a fixed scale. */
  record CameraScaled(double scale) implements SizeProfile {
    public CameraScaled {
      if (!(scale > 0 && scale <= 1))
        throw new IllegalArgumentException("scale must be in (0, 1]: " + scale);
    }

    @Override
    public ImageSize pick(ImageSize camera, SplittableRandom random) {
      return camera.scaledToWidth((int) Math.round(camera.width() * scale));
    }
  }

  /**
   * A width drawn uniformly in [minWidth, maxWidth]; the height follows the camera's aspect ratio.
   */
  record WidthRange(int minWidth, int maxWidth) implements SizeProfile {
    public WidthRange {
      if (minWidth < 64 || maxWidth < minWidth) {
        throw new IllegalArgumentException(
            "need 64 <= minWidth <= maxWidth: " + minWidth + "-" + maxWidth);
      }
    }

    @Override
    public ImageSize pick(ImageSize camera, SplittableRandom random) {
      return camera.scaledToWidth(minWidth + random.nextInt(maxWidth - minWidth + 1));
    }
  }

  /** Width and height of an image in pixels. */
  record ImageSize(int width, int height) {
    ImageSize scaledToWidth(int newWidth) {
      return new ImageSize(newWidth, (int) Math.round((double) height * newWidth / width));
    }
  }
}
