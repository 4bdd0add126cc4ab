package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_NONE;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.drawContours;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.medianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds the eye with a threshold chosen per image (docs/method.md, Preprocessing).
 *
 * <p>A fixed threshold fails where grey noise bands or notch markers sit in the black border: they
 * merge with the eye and the bounding box swallows them. But some threshold always separates noise
 * from eye, and the eye's outline is a smooth near-circular ellipse, possibly cut flat at top and
 * bottom. So each threshold in {@link PreprocessConfig#thresholds()} is applied to a small
 * red-channel image (the red channel is the brightest in a fundus, so its edge against the black
 * border is the sharpest), the largest external outline is scored by {@link OutlineScorer}, and the
 * best-scoring threshold wins.
 */
public final class AdaptiveCropper {

  /** An outline covering less than this share of the frame is a speck, not an eye. */
  private static final double MIN_AREA_SHARE = 0.05;

  /**
   * Scores within this of the best count as ties; the lowest such threshold keeps the dim
   * periphery.
   */
  private static final double TIE = 0.02;

  /** Opening kernel as a share of the short side: detaches border speckle from the disc's edge. */
  private static final double OPEN_SHARE = 0.02;

  /** Highest level the second look tries: past half the range a disc's dim rim falls away. */
  private static final int SECOND_LOOK_TOP = 128;

  private final PreprocessConfig config;

  public AdaptiveCropper(PreprocessConfig config) {
    this.config = config;
  }

  /** Finds the eye in a BGR image; the result is in that image's pixels. */
  public CropOutcome find(Mat bgr) {
    int width = bgr.cols();
    int height = bgr.rows();
    double shrink = Math.min(1.0, config.analysisSize() / (double) Math.max(width, height));
    int aw = Math.max(1, (int) Math.round(width * shrink));
    int ah = Math.max(1, (int) Math.round(height * shrink));
    Optional<OutlineScore> found;
    try (Mat red = new Mat();
        Size size = new Size(aw, ah)) {
      extractChannel(bgr, red, 2);
      found = best(red, size, false);
      if (found.map(c -> c.score() < config.minQuality()).orElse(true)) {
        found = OutlineScorer.better(found, secondLook(bgr, red, size));
      }
    }
    if (found.isEmpty()) {
      return new CropOutcome.NoEye(
          "no outline larger than "
              + Math.round(MIN_AREA_SHARE * 100)
              + "% of the frame with a traceable edge at any threshold "
              + secondLookThresholds(config.thresholds()));
    }
    OutlineScore chosen = found.get();
    if (chosen.score() < config.minQuality()) {
      return new CropOutcome.NoEye(
          String.format(
              "best outline (threshold %d) scores %.2f < %.2f: iou %.2f, residual %.3f, edge contrast %.2f, quadrant spread %.2f",
              chosen.threshold(),
              chosen.score(),
              config.minQuality(),
              chosen.iou(),
              chosen.residual(),
              chosen.contrast(),
              chosen.spread()));
    }
    double factor = width / (double) aw;
    return new EyeCrop(
        chosen.cropBox(factor, width, height),
        chosen.disc().scaled(factor),
        chosen.cutTop(),
        chosen.cutBottom(),
        chosen.threshold(),
        chosen.score());
  }

  /**
   * The second look, only where the first finds no disc (so every crop the first look accepts is
   * unchanged). Images re-graded for the web (EyePACS 256 px: contrast-stretched, speckled black
   * border, colour-shifted) defeat it in these ways, each undone here: speckle stuck to the rim (a
   * morphological opening detaches it) or brighter than every configured level (levels continue up
   * to {@value #SECOND_LOOK_TOP}); dark fundus regions cutting bays into the outline (its convex
   * hull is scored too) or a notch marker (the circle is refitted to, and the residual measured on,
   * the best-fitting four fifths of the rim); a blue or cyan rim that is dark in red (the brightest
   * channel is tried too); and a disc cut by a vertical chord or by a ragged one (see {@link
   * OutlineScorer#verticalChords}).
   */
  private Optional<OutlineScore> secondLook(Mat bgr, Mat red, Size size) {
    Optional<OutlineScore> found = best(red, size, true);
    try (Mat brightest = new Mat();
        Mat green = new Mat();
        Mat blue = new Mat()) {
      extractChannel(bgr, green, 1);
      extractChannel(bgr, blue, 0);
      max(green, blue, brightest);
      max(red, brightest, brightest);
      return OutlineScorer.better(found, best(brightest, size, true));
    }
  }

  /**
   * The best outline of one channel: scores within TIE of the best tie, and the lowest threshold
   * keeps the dim periphery.
   */
  private Optional<OutlineScore> best(Mat channel, Size size, boolean secondLook) {
    try (Mat small = new Mat();
        Mat smooth = new Mat()) {
      resize(channel, small, size, 0, 0, INTER_AREA);
      medianBlur(small, smooth, 3); // removes JPEG speckle so outlines follow real edges
      List<OutlineScore> candidates = scoreThresholds(smooth, secondLook);
      double bestScore = candidates.stream().mapToDouble(OutlineScore::score).max().orElse(0);
      return candidates.stream()
          .filter(c -> c.score() >= bestScore - TIE)
          .min(Comparator.comparingInt(OutlineScore::threshold));
    }
  }

  /**
   * The outline's convex hull, redrawn densely: dark fundus regions (a large haemorrhage, a dark
   * macula, a shadow) that reach the disc's edge at a threshold cut bays into the outline, and the
   * hull bridges them where the true disc is. Scored beside the raw outline, never instead.
   */
  private static Optional<OutlineScore> hullOutline(
      Mat contour, Size size, OutlineScorer scorer, int threshold, OutlineScorer.Chords chords) {
    try (Mat hull = new Mat();
        Mat filled = Mat.zeros(size, CV_8UC1).asMat();
        MatVector one = new MatVector(1);
        MatVector dense = new MatVector()) {
      convexHull(contour, hull);
      one.put(0, hull);
      drawContours(filled, one, 0, Scalar.all(255), FILLED, LINE_8, null, Integer.MAX_VALUE, null);
      findContours(filled, dense, RETR_EXTERNAL, CHAIN_APPROX_NONE);
      return dense.size() == 1 ? scorer.score(dense, 0, threshold, chords) : Optional.empty();
    }
  }

  /**
   * The configured thresholds, continued geometrically (the ratio of the last two) up to {@value
   * #SECOND_LOOK_TOP}. A contrast-stretched image's "black" border is speckle up to grey 100 and
   * more in its brightest channel, above every configured level, while its disc stays brighter
   * still: only a level above the speckle separates the two.
   */
  static List<Integer> secondLookThresholds(List<Integer> configured) {
    List<Integer> levels = new ArrayList<>(configured);
    int n = levels.size();
    double ratio = n < 2 ? 1.2 : Math.max(1.1, levels.get(n - 1) / (double) levels.get(n - 2));
    for (double t = levels.get(n - 1) * ratio; t <= SECOND_LOOK_TOP; t *= ratio) {
      levels.add((int) Math.round(t));
    }
    return levels;
  }

  /**
   * The largest outline of each threshold, scored; thresholds with no usable outline are left out.
   */
  List<OutlineScore> scoreThresholds(Mat smooth) {
    return scoreThresholds(smooth, false);
  }

  private List<OutlineScore> scoreThresholds(Mat smooth, boolean secondLook) {
    double minArea = MIN_AREA_SHARE * smooth.cols() * smooth.rows();
    OutlineScorer scorer = new OutlineScorer(smooth, secondLook);
    List<OutlineScore> scores = new ArrayList<>();
    int k = Math.max(3, (int) Math.round(Math.min(smooth.cols(), smooth.rows()) * OPEN_SHARE) | 1);
    try (Mat kernel = getStructuringElement(MORPH_ELLIPSE, new Size(k, k))) {
      for (int t : secondLook ? secondLookThresholds(config.thresholds()) : config.thresholds()) {
        try (Mat binary = new Mat();
            MatVector contours = new MatVector()) {
          threshold(smooth, binary, t, 255, THRESH_BINARY);
          if (secondLook) morphologyEx(binary, binary, MORPH_OPEN, kernel);
          findContours(binary, contours, RETR_EXTERNAL, CHAIN_APPROX_NONE);
          int largest = -1;
          double largestArea = minArea;
          for (int i = 0; i < contours.size(); i++) {
            double area = contourArea(contours.get(i));
            if (area >= largestArea) {
              largest = i;
              largestArea = area;
            }
          }
          if (largest < 0) continue;
          OutlineScorer.Chords chords =
              secondLook ? scorer.verticalChords(contours, largest) : OutlineScorer.Chords.NONE;
          Optional<OutlineScore> raw = scorer.score(contours, largest, t, chords);
          if (secondLook)
            raw =
                OutlineScorer.better(
                    raw, hullOutline(contours.get(largest), binary.size(), scorer, t, chords));
          raw.ifPresent(scores::add);
        }
      }
    }
    return scores;
  }
}
