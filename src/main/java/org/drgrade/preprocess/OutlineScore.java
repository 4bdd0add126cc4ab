package org.drgrade.preprocess;

/**
 * How well the outline produced by one threshold fits a fundus disc, in analysis-image pixels.
 *
 * @param threshold     red-channel level that produced the outline
 * @param disc          the fitted circle (ellipse for whole outlines, as its mean semi-axis)
 * @param discBounds bounding box of the fitted circle, not clipped (may leave the frame)
 * @param outlineBounds bounding box of the outline itself
 * @param residual      mean |rho - 1| of the arc points, rho = distance / radius (0 = perfect)
 * @param iou           intersection over union of the outline's region and the circle (within the
 *                      rows the outline spans, so a flat cut is not penalised)
 * @param contrast      (inside - outside) / inside of the mean red level in thin rings around the edge
 * @param spread        share of the four quadrants around the centre that hold arc points
 * @param score         product of the factors, in [0,1]
 */
public record OutlineScore(int threshold, Disc disc, CropBox discBounds, CropBox outlineBounds,
                           double residual, double iou, double contrast, double spread,
                           double score) {

    /** Analysis pixels the outline may stop short of the circle before it counts as cut. */
    private static final int CUT_SLACK = 2;

    /** The eye stops above the disc's top: a flat camera-mask cut or the frame edge. */
    public boolean cutTop() {
        return outlineBounds.y() > discBounds.y() + CUT_SLACK;
    }

    public boolean cutBottom() {
        return outlineBounds.y() + outlineBounds.height()
                < discBounds.y() + discBounds.height() - CUT_SLACK;
    }

    /** Region to keep: the circle's box, stopped at the outline where the disc is cut, inside the frame. */
    public CropBox cropBox(int frameWidth, int frameHeight) {
        int x0 = Math.max(0, discBounds.x());
        int x1 = Math.min(frameWidth, discBounds.x() + discBounds.width());
        int y0 = Math.max(0, cutTop() ? outlineBounds.y() : discBounds.y());
        int y1 = Math.min(frameHeight, cutBottom() ? outlineBounds.y() + outlineBounds.height()
                : discBounds.y() + discBounds.height());
        return new CropBox(x0, y0, x1 - x0, y1 - y0);
    }
}
