package org.drgrade.synth;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_BLACKHAT;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.drgrade.Side;
import org.drgrade.synth.EyeSpec.FundusDisc;
import org.junit.jupiter.api.Test;

/**
 * The grades must be visible where the pipeline looks: with the fundus scaled to 128 px across, as
 * in the small training configuration. Same eyes (geometry, vessels, colours), only the grade
 * changes.
 */
class LesionVisibilityTest {
  private static final int SIDE = 128;

  @Test
  void lesionPixelsAtCnnScaleGrowWithGrade() {
    EyePlanner planner = new EyePlanner(5, SizeProfile.SMALL);
    int[] lesionPixels = new int[5];
    int[] darkSpots = new int[5];
    for (long p = 0; p < 6; p++) {
      try (PointerScope scope = new PointerScope()) {
        Mat healthy = greenAtCnnScale(planner.plan(p, 100 + p, Side.LEFT, 0));
        darkSpots[0] += darkSpotPixels(healthy);
        for (int grade = 1; grade < 5; grade++) {
          Mat graded = greenAtCnnScale(planner.plan(p, 100 + p, Side.LEFT, grade));
          lesionPixels[grade] += changedPixels(healthy, graded);
          darkSpots[grade] += darkSpotPixels(graded);
        }
      }
    }
    String changed = Arrays.toString(lesionPixels), spots = Arrays.toString(darkSpots);
    System.out.println(
        "pixels changed vs grade 0 at 128 px, grades 0..4: "
            + changed
            + "; dark-spot pixels: "
            + spots);
    assertTrue(
        lesionPixels[1] >= 6 * 10,
        "grade 1 microaneurysms visible, a few pixels per eye: " + changed);
    assertTrue(
        lesionPixels[2] > 3 * lesionPixels[1],
        "grade 2 adds haemorrhages and exudates: " + changed);
    assertTrue(
        lesionPixels[3] > 1.5 * lesionPixels[2], "grade 3 has many more lesions: " + changed);
    assertTrue(
        lesionPixels[4] > 3 * lesionPixels[1], "grade 4 has proliferative lesions: " + changed);
    assertTrue(
        darkSpots[3] > darkSpots[0] * 1.3 && darkSpots[4] > darkSpots[0] * 1.2,
        "dark spots stand out from the vessels without a healthy reference: " + spots);
  }

  /**
   * The green channel (where blood absorbs most) of the fundus's bounding square, scaled to 128 px
   * across.
   */
  private static Mat greenAtCnnScale(EyeSpec spec) {
    Mat image = FundusPainter.paint(spec);
    FundusDisc disc = spec.fundus();
    int x = (int) Math.max(0, disc.centreX() - disc.radius()),
        y = (int) Math.max(0, disc.centreY() - disc.radius());
    Rect box =
        new Rect(
            x,
            y,
            Math.min(image.cols() - x, (int) (2 * disc.radius())),
            Math.min(image.rows() - y, (int) (2 * disc.radius())));
    Mat green = new Mat(), scaled = new Mat();
    extractChannel(image.apply(box), green, 1);
    double scale = SIDE / (2 * disc.radius());
    resize(
        green,
        scaled,
        new Size((int) Math.round(box.width() * scale), (int) Math.round(box.height() * scale)),
        0,
        0,
        INTER_AREA);
    return scaled;
  }

  /**
   * Pixels whose green level moved by more than 10 (of 255): lesions that survive the downscale.
   */
  private static int changedPixels(Mat healthy, Mat graded) {
    Mat difference = new Mat(), changed = new Mat();
    absdiff(healthy, graded, difference);
    threshold(difference, changed, 10, 255, THRESH_BINARY);
    return countNonZero(changed);
  }

  /**
   * Pixels much darker than their 7x7 neighbourhood's closing: small dark spots (and thin vessels).
   */
  private static int darkSpotPixels(Mat green) {
    Mat hat = new Mat(), spots = new Mat();
    morphologyEx(green, hat, MORPH_BLACKHAT, getStructuringElement(MORPH_ELLIPSE, new Size(7, 7)));
    threshold(hat, spots, 12, 255, THRESH_BINARY);
    return countNonZero(spots);
  }
}
