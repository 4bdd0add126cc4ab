package org.drgrade.preprocess;

/**
 * How well the outline produced by one threshold fits a fundus disc, in analysis-image pixels.
 *
 * @param threshold red-channel level that produced the outline
 * @param disc the fitted circle (ellipse for whole outlines, as its mean semi-axis)
 * @param discBounds bounding box of the fitted shape, not clipped (may leave the frame)
 * @param outlineBounds bounding box of the outline itself
 * @param cutLeft the outline's left side is a straight vertical chord (a camera mask's cut)
 * @param cutRight the same on the right
 * @param residual mean |rho - 1| of the arc points, rho = distance / radius (0 = perfect)
 * @param iou intersection over union of the outline's region and the circle (within the rows the
 *     outline spans, and its columns at a vertical chord, so a flat cut is not penalised)
 * @param contrast (inside - outside) / inside of the mean red level in thin rings around the edge
 * @param spread share of the four quadrants around the centre that hold arc points
 * @param score product of the factors, in [0,1]
 */
public record OutlineScore(
    int threshold,
    Disc disc,
    EdgeBox discBounds,
    EdgeBox outlineBounds,
    boolean cutLeft,
    boolean cutRight,
    double residual,
    double iou,
    double contrast,
    double spread,
    double score) {

  /** Analysis pixels the outline may stop short of the circle before it counts as cut. */
  private static final int CUT_SLACK = 2;

  /** The eye stops above the disc's top: a flat camera-mask cut or the frame edge. */
  public boolean cutTop() {
    return outlineBounds.top() > discBounds.top() + CUT_SLACK;
  }

  public boolean cutBottom() {
    return outlineBounds.bottom() < discBounds.bottom() - CUT_SLACK;
  }

  /**
   * Region to keep, in pixels of an image {@code factor} times larger than the analysis image: the
   * shape's box, stopped at the outline where the disc is cut, inside the frame.
   */
  public CropBox cropBox(double factor, int frameWidth, int frameHeight) {
    EdgeBox visible =
        new EdgeBox(
            cutLeft ? outlineBounds.left() : discBounds.left(),
            cutTop() ? outlineBounds.top() : discBounds.top(),
            cutRight ? outlineBounds.right() : discBounds.right(),
            cutBottom() ? outlineBounds.bottom() : discBounds.bottom());
    return visible.scaled(factor).pixelsWithin(frameWidth, frameHeight);
  }
}
