package org.drgrade.synth;

import java.util.List;
import org.drgrade.Side;

/**
 * Everything needed to paint one synthetic fundus photograph, fixed before any pixel is drawn.
 * Pixel coordinates are in the image; anatomy and lesions are in fundus units (origin at the fundus
 * centre, 1 = fundus radius, y down) so the same eye can be painted at any size.
 *
 * @param image Kaggle-style name without extension, e.g. {@code 10_left}
 * @param textureSeed seed of the painter's own randomness (vessel tree, noise, lesion shapes)
 */
public record EyeSpec(
    String image,
    long patientId,
    Side side,
    int grade,
    int width,
    int height,
    FundusDisc fundus,
    Anatomy anatomy,
    Colouring colouring,
    BorderArtefacts border,
    List<Lesion> lesions,
    long textureSeed) {

  /**
   * The round bright area of the photograph: a circle, possibly cut flat at the top and bottom.
   *
   * @param firstRow first image row the fundus covers (greater than centreY - radius when cut flat)
   * @param lastRow last image row the fundus covers (less than centreY + radius when cut flat)
   */
  public record FundusDisc(
      double centreX, double centreY, double radius, int firstRow, int lastRow) {
    public boolean cutAtTop() {
      return firstRow > Math.ceil(centreY - radius) + 1;
    }

    public boolean cutAtBottom() {
      return lastRow < Math.floor(centreY + radius) - 1;
    }
  }

  /**
   * Positions in fundus units of the optic disc (the bright nerve head) and the macula (the darker
   * centre of vision, on the other side of the fundus centre from the optic disc).
   */
  public record Anatomy(
      double opticDiscX,
      double opticDiscY,
      double opticDiscRadius,
      double maculaX,
      double maculaY) {}

  /**
   * Colour of the retina before lesions (BGR, 0..255 at its brightest point), how much it darkens
   * toward the rim (0 none .. 1 black rim), and a bluish-white haze at the rim seen in some
   * cameras.
   */
  public record Colouring(double blue, double green, double red, double vignette, double rimHaze) {}

  /** Artefacts of the black border: grey noise bands and the camera's small notch markers. */
  public record BorderArtefacts(
      double backgroundLevel, List<NoiseBand> bands, List<Notch> notches) {}

  /** A rectangle of grey sensor noise in the border (pixels). */
  public record NoiseBand(int x, int y, int width, int height, double mean, double sigma) {}

  /**
   * A small bright marker stuck to the fundus rim at {@code angle} degrees (0 = right, 90 = down).
   */
  public record Notch(double angleDegrees, double size, NotchShape shape) {}

  public enum NotchShape {
    SQUARE,
    TRIANGLE,
    ROUND
  }
}
