package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 6 (in part): the 662 pre-cropped 256 px EyePACS images (contrast-stretched, a
 * speckled black border, colour-shifted rims) lost 33 discs a person sees at once; the cropper's
 * second look finds all but the few listed in the README. The named examples from the issue are
 * found, and the losses stay at most what was measured.
 */
class RegradedEyepacsCropTest {
  private static final PreprocessConfig CONFIG =
      new PreprocessConfig(
          512,
          320,
          List.of(3, 5, 7, 9, 12, 15, 19, 24, 30, 37, 45, 55, 66),
          0.5,
          true,
          100_000_000L,
          3);

  @Test
  void disksOnASpeckledBorderAreFound() throws Exception {
    Path folder = org.drgrade.testing.SharedData.fundus("eyepacs-256-preprocessed");
    AdaptiveCropper cropper = new AdaptiveCropper(CONFIG);
    for (String name : List.of("1030_left", "1030_right", "10321_left", "10464_left")) {
      try (Mat img = imread(folder.resolve(name + ".jpeg").toString(), IMREAD_COLOR)) {
        CropOutcome outcome = cropper.find(img);
        assertTrue(outcome instanceof EyeCrop, name + ": " + outcome);
      }
    }
    List<String> lost = new ArrayList<>();
    try (var files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        try (Mat img = imread(f.toString(), IMREAD_COLOR)) {
          if (cropper.find(img) instanceof CropOutcome.NoEye) {
            lost.add(f.getFileName().toString());
          }
        }
      }
    }
    System.out.println("eyepacs-256-preprocessed NO_EYE_FOUND: " + lost.size() + " of 662 " + lost);
    assertTrue(
        lost.size() <= 7,
        lost.size() + " lost (33 before the second look, 7 measured with it): " + lost);
  }
}
