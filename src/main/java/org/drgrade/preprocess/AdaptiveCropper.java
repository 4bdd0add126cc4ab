package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_NONE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.medianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds the eye with a threshold chosen per image (METHOD.md section 1.1).
 *
 * <p>A fixed threshold fails where grey noise bands or notch markers sit in the black border:
 * they merge with the eye and the bounding box swallows them. But some threshold always
 * separates noise from eye, and the eye's outline is a smooth near-circular ellipse, possibly
 * cut flat at top and bottom. So each threshold in {@link PreprocessConfig#thresholds()} is
 * applied to a small red-channel image (the red channel is the brightest in a fundus, so its
 * edge against the black border is the sharpest), the largest external outline is scored by
 * {@link OutlineScorer}, and the best-scoring threshold wins.
 */
public final class AdaptiveCropper {

    /** An outline covering less than this share of the frame is a speck, not an eye. */
    private static final double MIN_AREA_SHARE = 0.05;
    /** Scores within this of the best count as ties; the lowest such threshold keeps the dim periphery. */
    private static final double TIE = 0.02;

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
        List<OutlineScore> candidates;
        try (Mat red = new Mat(); Mat small = new Mat(); Mat smooth = new Mat(); Size size = new Size(aw, ah)) {
            extractChannel(bgr, red, 2);
            resize(red, small, size, 0, 0, INTER_AREA);
            medianBlur(small, smooth, 3);   // removes JPEG speckle so outlines follow real edges
            candidates = scoreThresholds(smooth);
        }
        if (candidates.isEmpty()) {
            return new CropOutcome.NoEye("no outline larger than " + Math.round(MIN_AREA_SHARE * 100)
                    + "% of the frame with a traceable edge at any threshold " + config.thresholds());
        }
        double bestScore = candidates.stream().mapToDouble(OutlineScore::score).max().orElseThrow();
        OutlineScore chosen = candidates.stream()
                .filter(c -> c.score() >= bestScore - TIE)
                .min(Comparator.comparingInt(OutlineScore::threshold))
                .orElseThrow();
        if (chosen.score() < config.minQuality()) {
            return new CropOutcome.NoEye(String.format(
                    "best outline (threshold %d) scores %.2f < %.2f: iou %.2f, residual %.3f, edge contrast %.2f, quadrant spread %.2f",
                    chosen.threshold(), chosen.score(), config.minQuality(), chosen.iou(), chosen.residual(),
                    chosen.contrast(), chosen.spread()));
        }
        double factor = width / (double) aw;
        return new EyeCrop(chosen.cropBox(factor, width, height), chosen.disc().scaled(factor), chosen.cutTop(),
                chosen.cutBottom(), chosen.threshold(), chosen.score());
    }

    /** The largest outline of each threshold, scored; thresholds with no usable outline are left out. */
    List<OutlineScore> scoreThresholds(Mat smooth) {
        double minArea = MIN_AREA_SHARE * smooth.cols() * smooth.rows();
        OutlineScorer scorer = new OutlineScorer(smooth);
        List<OutlineScore> scores = new ArrayList<>();
        for (int t : config.thresholds()) {
            try (Mat binary = new Mat(); MatVector contours = new MatVector()) {
                threshold(smooth, binary, t, 255, THRESH_BINARY);
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
                if (largest >= 0) scorer.score(contours, largest, t).ifPresent(scores::add);
            }
        }
        return scores;
    }
}
