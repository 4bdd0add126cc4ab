package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.NORM_MINMAX;
import static org.bytedeco.opencv.global.opencv_core.normalize;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
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

  /**
   * Shapes with straight sides, corners or no edge at all, and smooth random clouds: none is a
   * disc, however the second look cuts, trims or refits (their best scores stay below 0.15 of the
   * 0.5).
   */
  @Test
  void shapesAndCloudsHaveNoEye() {
    int w = 640;
    int h = 480;
    List<Mat> images = new java.util.ArrayList<>();
    images.add(filled(w, h, new Rect(150, 100, 300, 250))); // square
    images.add(filled(w, h, new Rect(100, 0, 400, h))); // vertical band, cut by the frame
    images.add(filled(w, h, new Rect(0, 100, w, 250))); // horizontal band
    Mat triangle = new Mat(h, w, CV_8UC3, Scalar.all(0));
    try (IntPointer corners = new IntPointer(320, 40, 560, 440, 80, 440);
        Mat poly = new Mat(corners)) {
      fillConvexPoly(triangle, poly.reshape(2, 3), Scalar.all(200));
    }
    images.add(triangle);
    Mat checker = new Mat(h, w, CV_8UC3, Scalar.all(0));
    for (int y = 0; y < h; y += 60) {
      for (int x = (y / 60 % 2) * 60; x < w; x += 120) {
        rectangle(checker, new Rect(x, y, 60, 60), Scalar.all(220), FILLED, LINE_8, 0);
      }
    }
    images.add(checker);
    for (int seed = 0; seed < 3; seed++) {
      for (int blur : new int[] {15, 41, 101}) {
        try (Mat noise = new Mat(h, w, CV_8UC3);
            Mat blurred = new Mat();
            Mat low = new Mat(1, 1, CV_64F, Scalar.all(0));
            Mat high = new Mat(1, 1, CV_64F, Scalar.all(256))) {
          setRNGSeed(seed);
          randu(noise, low, high);
          GaussianBlur(noise, blurred, new Size(blur, blur), 0);
          Mat clouds = new Mat();
          normalize(blurred, clouds, 0, 255, NORM_MINMAX, -1, null);
          images.add(clouds);
        }
      }
    }
    for (Mat image : images) {
      CropOutcome outcome = cropper.find(image);
      assertInstanceOf(CropOutcome.NoEye.class, outcome);
      image.close();
    }
  }

  private static Mat filled(int width, int height, Rect rect) {
    Mat image = new Mat(height, width, CV_8UC3, Scalar.all(0));
    rectangle(image, rect, Scalar.all(200), FILLED, LINE_8, 0);
    return image;
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
