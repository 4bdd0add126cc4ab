package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class AdaptiveCropperTest {

  private final PreprocessConfig config = PreprocessConfig.defaults();
  private final AdaptiveCropper cropper = new AdaptiveCropper(config);

  static Mat decodeForCropping(byte[] bytes, int outputSize) {
    int reduction =
        ImageHeader.probe(bytes).map(h -> ReducedDecoder.reductionFor(h, outputSize)).orElse(1);
    return ReducedDecoder.decode(bytes, reduction);
  }

  @Test
  void borderlessAptosImagesCropToTheWholeFrame() {
    for (String name : List.of("0e9d6c70eaf7.png", "2f346c794823.png")) {
      try (Mat image =
          decodeForCropping(
              SharedData.read(SharedData.folder("aptos-test-unlabelled").resolve(name)), 512)) {
        EyeCrop crop = assertInstanceOf(EyeCrop.class, cropper.find(image));
        assertTrue(
            crop.box().width() >= 0.98 * image.cols() && crop.box().height() >= 0.98 * image.rows(),
            name + " " + crop);
      }
    }
  }

  @Test
  void blankAndNoiseImagesHaveNoEye() {
    try (Scalar black = Scalar.all(0);
        Scalar white = Scalar.all(255);
        Mat allBlack = new Mat(768, 1024, CV_8UC3, black);
        Mat allWhite = new Mat(768, 1024, CV_8UC3, white);
        Mat noise = new Mat(768, 1024, CV_8UC3);
        Mat low = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, Scalar.all(0));
        Mat high = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, Scalar.all(256))) {
      randu(noise, low, high);
      for (Mat image : List.of(allBlack, allWhite, noise)) {
        CropOutcome outcome = cropper.find(image);
        CropOutcome.NoEye none = assertInstanceOf(CropOutcome.NoEye.class, outcome);
        System.out.println("no eye: " + none.reason());
      }
    }
  }
}
