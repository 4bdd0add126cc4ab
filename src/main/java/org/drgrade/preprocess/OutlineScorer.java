package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.drawContours;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.fitEllipse;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.Optional;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size2f;

/** Scores how much one threshold's outline looks like a fundus disc (see {@link OutlineScore}). */
final class OutlineScorer {

  private static final Scalar ON = Scalar.all(255);
  private static final Scalar OFF = Scalar.all(0);

  /** Fewer arc points than this cannot pin down a circle against pixel noise. */
  private static final int MIN_ARC_POINTS = 20;

  /**
   * Points this close (px) to the outline's top/bottom row belong to a flat cut if the run is long.
   */
  private static final int FLAT_BAND = 2;

  /**
   * A horizontal run wider than this share of the outline is a cut, not the rounded top of a disc
   * (a circle's top 2 px span only ~2*sqrt(2*2*r), i.e. ~25 % of the width at r = 60 px).
   */
  private static final double FLAT_RUN = 0.35;

  /**
   * Residual at which smoothness falls to 1/e: 3 % of the radius, far above the ~0.5 % of a clean
   * disc.
   */
  private static final double RESIDUAL_SCALE = 0.03;

  /** Arc points a quadrant needs to count as supporting the fit (a few pixels of real edge). */
  private static final int QUADRANT_MIN_POINTS = 3;

  /**
   * In the second look, the share of arc points (the best-fitting ones) whose mean miss is the
   * residual.
   */
  private static final double INLIER_SHARE = 0.8;

  /**
   * Quadrants around the centre that must hold arc points for full credit: with three, the fit
   * interpolates; with one or two (a lone arc) it extrapolates the rest of the disc. A disc that
   * fills the frame shows only its four corner arcs, and that is enough.
   */
  private static final int FULL_SPREAD_QUADRANTS = 3;

  /** Circle residual (2 % of r) above which a whole outline is also tried as an ellipse. */
  private static final double ELLIPSE_FALLBACK_RESIDUAL = 0.02;

  private final Mat red;
  private final int width;
  private final int height;

  /**
   * True in the second look: the residual ignores the worst-fitting fifth of the rim (notches,
   * bays).
   */
  private final boolean trimmed;

  /**
   * @param red the smoothed single-channel analysis image the outlines come from
   */
  OutlineScorer(Mat red, boolean trimmed) {
    this.red = red;
    this.trimmed = trimmed;
    this.width = red.cols();
    this.height = red.rows();
  }

  Optional<OutlineScore> score(MatVector contours, int index, int threshold) {
    Mat contour = contours.get(index);
    int n = (int) contour.total();
    int[] xs = new int[n];
    int[] ys = new int[n];
    try (IntIndexer points = contour.createIndexer()) {
      for (int i = 0; i < n; i++) {
        xs[i] = points.get(i, 0, 0);
        ys[i] = points.get(i, 0, 1);
      }
    }
    CropBox outline;
    try (Rect r = boundingRect(contour)) {
      outline = new CropBox(r.x(), r.y(), r.width(), r.height());
    }
    int top = outline.y();
    int bottom = outline.y() + outline.height() - 1;
    boolean flatTop = runWidth(xs, ys, top, true) > FLAT_RUN * outline.width();
    boolean flatBottom = runWidth(xs, ys, bottom, false) > FLAT_RUN * outline.width();

    // Arc points: the outline minus the frame edge and minus flat cuts; only they trace the disc.
    int arc = 0;
    int[] arcIdx = new int[n];
    for (int i = 0; i < n; i++) {
      boolean onFrame = xs[i] <= 1 || ys[i] <= 1 || xs[i] >= width - 2 || ys[i] >= height - 2;
      boolean onCut =
          (flatTop && ys[i] <= top + FLAT_BAND) || (flatBottom && ys[i] >= bottom - FLAT_BAND);
      if (!onFrame && !onCut) arcIdx[arc++] = i;
    }
    if (arc < MIN_ARC_POINTS) return Optional.empty();

    double[] circle = CircleFit.fit(xs, ys, arcIdx, arc);
    if (!(circle[2] > 1)) return Optional.empty(); // also rejects NaN from collinear points
    Optional<OutlineScore> asCircle;
    // The circle as an OpenCV RotatedRect, so masks and rings are drawn with cv::ellipse.
    try (Point2f centre = new Point2f((float) circle[0], (float) circle[1]);
        Size2f size = new Size2f((float) (2 * circle[2]), (float) (2 * circle[2]));
        RotatedRect e = new RotatedRect(centre, size, 0)) {
      asCircle = measure(e, xs, ys, arcIdx, arc, contours, index, outline, threshold);
    }
    boolean wholeOutline = arc == n;
    if (!wholeOutline
        || asCircle.map(c -> c.residual() <= ELLIPSE_FALLBACK_RESIDUAL).orElse(false)) {
      return asCircle;
    }
    // A whole outline (no cut, no frame contact) that a circle misses: fitEllipse is well-posed
    // here and follows cameras whose disc is truly elliptical.
    try (RotatedRect e = fitEllipse(contour)) {
      Optional<OutlineScore> asEllipse =
          measure(e, xs, ys, arcIdx, arc, contours, index, outline, threshold);
      return asEllipse
          .filter(el -> asCircle.map(c -> el.score() > c.score()).orElse(true))
          .or(() -> asCircle);
    }
  }

  private Optional<OutlineScore> measure(
      RotatedRect e,
      int[] xs,
      int[] ys,
      int[] arcIdx,
      int arc,
      MatVector contours,
      int index,
      CropBox outline,
      int threshold) {
    double cx = e.center().x();
    double cy = e.center().y();
    double a = e.size().width() / 2.0;
    double b = e.size().height() / 2.0;
    if (!(a > 1 && b > 1) || Double.isNaN(cx) || Double.isNaN(cy)) return Optional.empty();
    double theta = Math.toRadians(e.angle());
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    // Radial residual: rotate each arc point into the shape's axes and scale them to 1; then
    // rho = 1 exactly on the outline and |rho - 1| is the relative radial miss (a = b for a
    // circle).
    // The mean miss (trimmed: over the INLIER_SHARE best-fitting points, so a rim that is round
    // except for a notch or a bay is a disc; noise, whose every stretch of outline misses, is not).
    double[] misses = new double[arc];
    for (int k = 0; k < arc; k++) {
      double dx = xs[arcIdx[k]] - cx;
      double dy = ys[arcIdx[k]] - cy;
      double u = (dx * cos + dy * sin) / a;
      double v = (-dx * sin + dy * cos) / b;
      misses[k] = Math.abs(Math.sqrt(u * u + v * v) - 1.0);
    }
    java.util.Arrays.sort(misses);
    int kept = trimmed ? Math.max(1, (int) Math.round(arc * INLIER_SHARE)) : arc;
    double residual = java.util.Arrays.stream(misses, 0, kept).sum() / kept;
    double spread = quadrantsCovered(xs, ys, arcIdx, arc, cx, cy) / 4.0;

    // Extents of the ellipse itself (not of its rotated bounding rectangle, which is up to
    // 41 % wider at 45 degrees); for a circle both half-extents are the radius.
    double halfWidth = Math.hypot(a * cos, b * sin);
    double halfHeight = Math.hypot(a * sin, b * cos);
    EdgeBox bounds = new EdgeBox(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight);
    double iou = regionIou(e, contours, index, outline);
    double contrast = edgeContrast(e, outline);
    double score =
        iou
            * Math.exp(-residual / RESIDUAL_SCALE)
            * Math.min(1.0, 2 * contrast) // full credit once outside <= half of inside
            * Math.min(1.0, spread * 4 / FULL_SPREAD_QUADRANTS);
    Disc disc = new Disc(cx, cy, (a + b) / 2); // mean semi-axis
    return Optional.of(
        new OutlineScore(
            threshold,
            disc,
            bounds,
            EdgeBox.around(outline),
            residual,
            iou,
            contrast,
            spread,
            score));
  }

  /**
   * Number of the four quadrants around (cx, cy) that hold at least QUADRANT_MIN_POINTS arc points.
   */
  private static int quadrantsCovered(
      int[] xs, int[] ys, int[] arcIdx, int arc, double cx, double cy) {
    int[] counts = new int[4];
    for (int k = 0; k < arc; k++) {
      boolean right = xs[arcIdx[k]] >= cx;
      boolean below = ys[arcIdx[k]] >= cy;
      counts[(right ? 1 : 0) + (below ? 2 : 0)]++;
    }
    int covered = 0;
    for (int c : counts) if (c >= QUADRANT_MIN_POINTS) covered++;
    return covered;
  }

  /** Widest horizontal span of outline points within FLAT_BAND rows of the given edge row. */
  private static int runWidth(int[] xs, int[] ys, int edgeRow, boolean isTop) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < xs.length; i++) {
      boolean near = isTop ? ys[i] <= edgeRow + FLAT_BAND : ys[i] >= edgeRow - FLAT_BAND;
      if (near) {
        min = Math.min(min, xs[i]);
        max = Math.max(max, xs[i]);
      }
    }
    return max - min;
  }

  /** IoU of the outline's filled region and the fitted circle limited to the outline's rows. */
  private double regionIou(RotatedRect e, MatVector contours, int index, CropBox outline) {
    try (Mat region = new Mat(height, width, CV_8UC1, OFF);
        Mat disc = new Mat(height, width, CV_8UC1, OFF);
        Mat both = new Mat();
        Mat either = new Mat();
        Mat noHierarchy = new Mat();
        Point noOffset = new Point(0, 0)) {
      drawContours(
          region, contours, index, ON, FILLED, LINE_8, noHierarchy, Integer.MAX_VALUE, noOffset);
      ellipse(disc, e, ON, FILLED, LINE_8);
      blankOutsideRows(disc, outline);
      bitwise_and(region, disc, both);
      bitwise_or(region, disc, either);
      int union = countNonZero(either);
      return union == 0 ? 0 : countNonZero(both) / (double) union;
    }
  }

  /**
   * Relative drop of the red level across the fitted edge: mean of a ring just inside (0.90-1.00 of
   * the circle, within the outline's rows) against a ring just outside (1.03-1.12). A fundus edge
   * drops to near black; noise or a uniform frame does not drop at all.
   */
  private double edgeContrast(RotatedRect e, CropBox outline) {
    try (Mat inner = ring(e, 0.90, 1.00);
        Mat outer = ring(e, 1.03, 1.12)) {
      blankOutsideRows(inner, outline);
      if (countNonZero(inner) == 0 || countNonZero(outer) == 0) return 0;
      try (Scalar in = mean(red, inner);
          Scalar out = mean(red, outer)) {
        double inside = in.get(0);
        return inside <= 0 ? 0 : Math.max(0, (inside - out.get(0)) / inside);
      }
    }
  }

  private Mat ring(RotatedRect e, double from, double to) {
    Mat ring = new Mat(height, width, CV_8UC1, OFF);
    try (RotatedRect big = scaled(e, to);
        RotatedRect small = scaled(e, from)) {
      ellipse(ring, big, ON, FILLED, LINE_8);
      ellipse(ring, small, OFF, FILLED, LINE_8);
    }
    return ring;
  }

  private static RotatedRect scaled(RotatedRect e, double factor) {
    return new RotatedRect(
        new Point2f(e.center().x(), e.center().y()),
        new Size2f((float) (e.size().width() * factor), (float) (e.size().height() * factor)),
        e.angle());
  }

  private void blankOutsideRows(Mat mask, CropBox outline) {
    try (Rect above = new Rect(0, 0, width, outline.y());
        Rect below =
            new Rect(
                0,
                outline.y() + outline.height(),
                width,
                height - outline.y() - outline.height())) {
      // cv::rectangle skips empty rects, so an outline touching the frame needs no special case
      rectangle(mask, above, OFF, FILLED, LINE_8, 0);
      rectangle(mask, below, OFF, FILLED, LINE_8, 0);
    }
  }
}
