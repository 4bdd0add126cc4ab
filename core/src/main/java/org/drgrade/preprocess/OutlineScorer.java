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
   * The band in the second look, as a share of the short side: a cut through a speckled or
   * JPEG-damaged border is ragged by a few pixels, and its lowest points alone make no run.
   */
  private static final double RAGGED_BAND = 0.02;

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

  /** Refits of the circle to its inliers in the second look (see {@link CircleFit#fitInliers}). */
  private static final int INLIER_ROUNDS = 2;

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

  /** Rows (columns) from a cut's edge within which outline points belong to the cut. */
  private final int band;

  /**
   * @param red the smoothed single-channel analysis image the outlines come from
   */
  OutlineScorer(Mat red, boolean trimmed) {
    this.red = red;
    this.trimmed = trimmed;
    this.width = red.cols();
    this.height = red.rows();
    this.band =
        trimmed
            ? Math.max(FLAT_BAND, (int) Math.round(RAGGED_BAND * Math.min(width, height)))
            : FLAT_BAND;
  }

  /**
   * Sides of an outline cut straight by a vertical chord. A camera mask (or an earlier crop) cuts
   * the disc at the left or right too, not only at top and bottom, and a straight side is no more
   * part of the circle than a flat top is.
   */
  record Chords(boolean left, boolean right) {
    static final Chords NONE = new Chords(false, false);
  }

  /** The outline's points and bounding box. */
  private record Outline(int[] xs, int[] ys, CropBox box) {
    static Outline of(Mat contour) {
      int n = (int) contour.total();
      int[] xs = new int[n];
      int[] ys = new int[n];
      try (IntIndexer points = contour.createIndexer()) {
        for (int i = 0; i < n; i++) {
          xs[i] = points.get(i, 0, 0);
          ys[i] = points.get(i, 0, 1);
        }
      }
      try (Rect r = boundingRect(contour)) {
        return new Outline(xs, ys, new CropBox(r.x(), r.y(), r.width(), r.height()));
      }
    }
  }

  /**
   * The vertical chords of a raw outline: a straight run down its leftmost or rightmost column.
   * Found on the raw outline and handed to the score of its convex hull, because the hull keeps a
   * real chord but also bridges bays with straight edges of its own.
   */
  Chords verticalChords(MatVector contours, int index) {
    Outline o = Outline.of(contours.get(index));
    int left = o.box().x();
    int right = left + o.box().width() - 1;
    double run = FLAT_RUN * o.box().height();
    return new Chords(
        straightRun(o.ys(), o.xs(), left, true, band) > run,
        straightRun(o.ys(), o.xs(), right, false, band) > run);
  }

  /**
   * @param chords the vertical chords to leave out of the arc (see {@link #verticalChords})
   */
  Optional<OutlineScore> score(MatVector contours, int index, int threshold, Chords chords) {
    Mat contour = contours.get(index);
    Outline o = Outline.of(contour);
    int[] xs = o.xs();
    int[] ys = o.ys();
    int n = xs.length;
    CropBox outline = o.box();
    int top = outline.y();
    int bottom = outline.y() + outline.height() - 1;
    int left = outline.x();
    int right = outline.x() + outline.width() - 1;
    boolean flatTop = run(xs, ys, top, true, band) > FLAT_RUN * outline.width();
    boolean flatBottom = run(xs, ys, bottom, false, band) > FLAT_RUN * outline.width();
    boolean flatLeft = chords.left();
    boolean flatRight = chords.right();

    // Arc points: the outline minus the frame edge and minus flat cuts; only they trace the disc.
    int arc = 0;
    int[] arcIdx = new int[n];
    for (int i = 0; i < n; i++) {
      boolean onFrame = xs[i] <= 1 || ys[i] <= 1 || xs[i] >= width - 2 || ys[i] >= height - 2;
      boolean onCut =
          (flatTop && ys[i] <= top + band)
              || (flatBottom && ys[i] >= bottom - band)
              || (flatLeft && xs[i] <= left + band)
              || (flatRight && xs[i] >= right - band);
      if (!onFrame && !onCut) arcIdx[arc++] = i;
    }
    // Where the disc may show: the outline's rows (flat cuts and the frame stop it there), and its
    // columns on a side cut by a vertical chord. Overlap and edge contrast are measured within.
    CropBox visible =
        new CropBox(
            flatLeft ? left : 0,
            top,
            (flatRight ? right + 1 : width) - (flatLeft ? left : 0),
            outline.height());
    if (arc < MIN_ARC_POINTS) return Optional.empty();

    double[] circle =
        trimmed
            ? CircleFit.fitInliers(xs, ys, arcIdx, arc, INLIER_SHARE, INLIER_ROUNDS)
            : CircleFit.fit(xs, ys, arcIdx, arc);
    if (!(circle[2] > 1)) return Optional.empty(); // also rejects NaN from collinear points
    Optional<OutlineScore> asCircle;
    // The circle as an OpenCV RotatedRect, so masks and rings are drawn with cv::ellipse.
    try (Point2f centre = new Point2f((float) circle[0], (float) circle[1]);
        Size2f size = new Size2f((float) (2 * circle[2]), (float) (2 * circle[2]));
        RotatedRect e = new RotatedRect(centre, size, 0)) {
      asCircle = measure(e, xs, ys, arcIdx, arc, contours, index, outline, visible, threshold);
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
          measure(e, xs, ys, arcIdx, arc, contours, index, outline, visible, threshold);
      return asEllipse
          .filter(el -> asCircle.map(c -> el.score() > c.score()).orElse(true))
          .or(() -> asCircle);
    }
  }

  /** The higher-scoring of two outlines; {@code a} on a tie. */
  static Optional<OutlineScore> better(Optional<OutlineScore> a, Optional<OutlineScore> b) {
    if (a.isEmpty()) return b;
    return b.filter(s -> s.score() > a.get().score()).or(() -> a);
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
      CropBox visible,
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
    double iou = regionIou(e, contours, index, visible);
    double contrast = edgeContrast(e, visible);
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
            visible.x() > 0,
            visible.x() + visible.width() < width,
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

  /**
   * Longest unbroken stretch along {@code along} of the outline points within {@code band} of the
   * given edge in {@code across}. Stricter than {@link #run}, which spans the gaps: a dark bay
   * between two lobes that reach the same column is no chord.
   */
  private static int straightRun(int[] along, int[] across, int edge, boolean lowEdge, int band) {
    int max = 0;
    for (int a : along) max = Math.max(max, a);
    boolean[] near = new boolean[max + 1];
    for (int i = 0; i < along.length; i++) {
      near[along[i]] |= lowEdge ? across[i] <= edge + band : across[i] >= edge - band;
    }
    int longest = 0;
    int current = 0;
    for (boolean on : near) {
      current = on ? current + 1 : 0;
      longest = Math.max(longest, current);
    }
    return longest;
  }

  /**
   * Widest span along {@code along} of the outline points within {@code band} of the given edge in
   * {@code across}: run(xs, ys, topRow, true) is the width of the run along the top row, run(ys,
   * xs, leftColumn, true) the height of the run down the left column.
   */
  private static int run(int[] along, int[] across, int edge, boolean lowEdge, int band) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < along.length; i++) {
      boolean near = lowEdge ? across[i] <= edge + band : across[i] >= edge - band;
      if (near) {
        min = Math.min(min, along[i]);
        max = Math.max(max, along[i]);
      }
    }
    return max - min;
  }

  /** IoU of the outline's filled region and the fitted circle limited to where it may show. */
  private double regionIou(RotatedRect e, MatVector contours, int index, CropBox visible) {
    try (Mat region = new Mat(height, width, CV_8UC1, OFF);
        Mat disc = new Mat(height, width, CV_8UC1, OFF);
        Mat both = new Mat();
        Mat either = new Mat();
        Mat noHierarchy = new Mat();
        Point noOffset = new Point(0, 0)) {
      drawContours(
          region, contours, index, ON, FILLED, LINE_8, noHierarchy, Integer.MAX_VALUE, noOffset);
      ellipse(disc, e, ON, FILLED, LINE_8);
      blankOutside(disc, visible);
      bitwise_and(region, disc, both);
      bitwise_or(region, disc, either);
      int union = countNonZero(either);
      return union == 0 ? 0 : countNonZero(both) / (double) union;
    }
  }

  /**
   * Relative drop of the red level across the fitted edge: mean of a ring just inside (0.90-1.00 of
   * the circle, where the disc may show) against a ring just outside (1.03-1.12). A fundus edge
   * drops to near black; noise or a uniform frame does not drop at all.
   */
  private double edgeContrast(RotatedRect e, CropBox visible) {
    try (Mat inner = ring(e, 0.90, 1.00);
        Mat outer = ring(e, 1.03, 1.12)) {
      blankOutside(inner, visible);
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

  /** Blanks the mask outside {@code visible} (cv::rectangle skips empty rects). */
  private void blankOutside(Mat mask, CropBox visible) {
    int right = visible.x() + visible.width();
    int bottom = visible.y() + visible.height();
    try (Rect above = new Rect(0, 0, width, visible.y());
        Rect below = new Rect(0, bottom, width, height - bottom);
        Rect before = new Rect(0, 0, visible.x(), height);
        Rect after = new Rect(right, 0, width - right, height)) {
      for (Rect r : new Rect[] {above, below, before, after}) {
        rectangle(mask, r, OFF, FILLED, LINE_8, 0);
      }
    }
  }
}
