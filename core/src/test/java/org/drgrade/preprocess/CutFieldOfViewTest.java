package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 6: a camera's round field of view cut by a straight chord of its mask is still an
 * eye. Real photographs of ../shared, masked at test time (never copied): everything beyond a
 * vertical chord at the left, the right or both is blacked out, as a camera mask does. The crop
 * must stop at the chord and the fitted disc must stay the one found on the whole photograph.
 */
class CutFieldOfViewTest {

  /**
   * Where the chord cuts, as a share of the radius from the centre (0.75: 5 % of the area on each
   * side).
   */
  static final double CHORD = 0.75;

  /** Disc centre and radius may move this share of the radius; the crop's edges too. */
  static final double TOLERANCE = 0.03;

  enum Cut {
    LEFT,
    RIGHT,
    BOTH
  }

  @Test
  void aDiscCutByAVerticalChordIsFoundAndCroppedAtTheChord() {
    PreprocessConfig config = PreprocessConfig.defaults();
    AdaptiveCropper cropper = new AdaptiveCropper(config);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String folder : List.of("eyepacs-sample", "eyepacs-fullres", "srahim-dr")) {
      List<Path> images = SharedData.images(folder);
      for (Path file : images.subList(0, Math.min(4, images.size()))) {
        try (Mat image =
            AdaptiveCropperTest.decodeForCropping(SharedData.read(file), config.outputSize())) {
          EyeCrop whole = assertInstanceOf(EyeCrop.class, cropper.find(image), file.toString());
          Disc d = whole.disc();
          for (Cut cut : Cut.values()) {
            int left = cut == Cut.RIGHT ? 0 : (int) Math.round(d.centerX() - CHORD * d.radius());
            int right =
                cut == Cut.LEFT ? image.cols() : (int) Math.round(d.centerX() + CHORD * d.radius());
            try (Mat masked = maskOutside(image, left, right)) {
              String name = folder + "/" + file.getFileName() + " cut " + cut;
              String why = violation(cropper.find(masked), whole, left, right);
              System.out.println(name + ": " + (why == null ? "ok" : why));
              if (why != null) failures.add(name + ": " + why);
              checked++;
            }
          }
        }
      }
    }
    assertTrue(checked >= 24, "photographs checked: " + checked);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Null when {@code outcome} is the whole photograph's disc, cropped at columns left..right. */
  static String violation(CropOutcome outcome, EyeCrop whole, int left, int right) {
    if (!(outcome instanceof EyeCrop crop)) return "no eye: " + outcome;
    Disc d = whole.disc();
    Disc c = crop.disc();
    double slack = TOLERANCE * d.radius();
    if (Math.hypot(c.centerX() - d.centerX(), c.centerY() - d.centerY()) > slack
        || Math.abs(c.radius() - d.radius()) > slack) {
      return "disc " + c + " is not the whole photograph's " + d;
    }
    CropBox b = crop.box();
    int expectedLeft = Math.max(left, whole.box().x());
    int expectedRight = Math.min(right, whole.box().x() + whole.box().width());
    if (Math.abs(b.x() - expectedLeft) > slack
        || Math.abs(b.x() + b.width() - expectedRight) > slack
        || Math.abs(b.y() - whole.box().y()) > slack
        || Math.abs(b.height() - whole.box().height()) > slack) {
      return "box "
          + b
          + ", expected columns "
          + expectedLeft
          + ".."
          + expectedRight
          + " and the rows of "
          + whole.box();
    }
    return null;
  }

  /** A copy of {@code image} black outside columns left..right-1, as a camera mask leaves it. */
  static Mat maskOutside(Mat image, int left, int right) {
    Mat masked = image.clone();
    try (Scalar black = Scalar.all(0);
        Rect before = new Rect(0, 0, left, image.rows());
        Rect after = new Rect(right, 0, image.cols() - right, image.rows())) {
      rectangle(masked, before, black, FILLED, LINE_8, 0);
      rectangle(masked, after, black, FILLED, LINE_8, 0);
    }
    return masked;
  }
}
