package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

  private final PreprocessConfig config = PreprocessConfig.defaults();

  @Test
  void outputIsSquareBlackOutsideTheEyeAndEqualisedInside() {
    List<Path> files =
        List.of(
            SharedData.folder("eyepacs-sample").resolve("16_left.jpeg"),
            SharedData.folder("srahim-dr").resolve("Patient001_L.jpg"),
            SharedData.folder("aptos-test-unlabelled").resolve("25d98da73248.png"));
    for (Path file : files) {
      for (int size : new int[] {512, 256}) {
        var ok =
            assertInstanceOf(
                PreprocessResult.Success.class,
                ImagePreprocessor.process(SharedData.read(file), config.withOutputSize(size)));
        try (Mat out = ReducedDecoder.decode(ok.png(), 1)) {
          assertEquals(size, out.cols());
          assertEquals(size, out.rows());
          double[] disc = discInOutput(ok, size);
          long litOutside = 0;
          try (Mat inner = new Mat(size, size, CV_8UC1, Scalar.all(0));
              Point c = new Point((int) Math.round(disc[0]), (int) Math.round(disc[1]));
              UByteIndexer px = out.createIndexer()) {
            for (int y = 0; y < size; y++) {
              for (int x = 0; x < size; x++) {
                boolean outside = Math.hypot(x - disc[0], y - disc[1]) > disc[2] + 3;
                if (outside && (px.get(y, x, 0) | px.get(y, x, 1) | px.get(y, x, 2)) != 0)
                  litOutside++;
              }
            }
            // equalised CDF measured well inside the eye, away from the mask edge
            circle(inner, c, (int) (disc[2] - 3), Scalar.all(255), FILLED, LINE_8, 0);
            double deviation = maxCdfDeviationAtLevels(out, inner);
            System.out.printf(
                "%s S=%d: lit pixels outside disc %d, CDF deviation %.4f, stats %s%n",
                file.getFileName(), size, litOutside, deviation, ok.stats());
            assertEquals(0, litOutside, "pixels outside the eye must stay black");
            // a remap cannot split one input level: the bound is the biggest single-level share,
            // which
            // reaches ~3.5 % in the blue channel of a 256 px output
            assertTrue(deviation < 0.05, "CDF not linear: " + deviation);
          }
        }
        // equalised levels are spread evenly, so each mean sits near mid-range (raw fundus: R ~150,
        // B ~20)
        for (double mean : ok.stats().mean()) assertEquals(127.5, mean, 10, "equalised mean");
      }
    }
  }

  /** Disc centre and radius in output pixels, from the source crop and the letterbox rule. */
  static double[] discInOutput(PreprocessResult.Success ok, int size) {
    CropBox b = ok.crop().box();
    double s = Math.min(size / (double) b.width(), size / (double) b.height());
    double offX = (size - Math.round(b.width() * s)) / 2.0;
    double offY = (size - Math.round(b.height() * s)) / 2.0;
    Disc d = ok.crop().disc();
    return new double[] {
      (d.centerX() - b.x()) * s + offX, (d.centerY() - b.y()) * s + offY, d.radius() * s
    };
  }

  /**
   * Max over channels and present levels v > 0 of |CDF(v) - (p0 + (1 - p0) v / 255)|, p0 = share of
   * the lowest level: a monotone remap cannot split one input level, so the darkest level's mass
   * (e.g. blue = 0 over much of a dark fundus) stays at 0 and the rest must rise linearly to 1.
   */
  static double maxCdfDeviationAtLevels(Mat bgr, Mat mask) {
    double worst = 0;
    for (int channel = 0; channel < 3; channel++) {
      long[] counts = HistogramEqualizer.histogram(bgr, mask, channel);
      long total = 0;
      for (long c : counts) total += c;
      double p0 = counts[0] / (double) total;
      long cdf = 0;
      for (int v = 0; v < 256; v++) {
        cdf += counts[v];
        double linear = p0 + (1 - p0) * v / 255.0;
        if (counts[v] > 0 && v > 0)
          worst = Math.max(worst, Math.abs(cdf / (double) total - linear));
      }
    }
    return worst;
  }

  @Test
  void failuresCarryAReason() {
    var garbage =
        assertInstanceOf(
            PreprocessResult.Failure.class,
            ImagePreprocessor.process(new byte[] {1, 2, 3, 4, 5}, config));
    assertEquals(FailureReason.UNDECODABLE, garbage.reason());
    try (Mat black = new Mat(480, 640, CV_8UC3, Scalar.all(0))) {
      byte[] png = Png.encode(black, 1);
      var none =
          assertInstanceOf(PreprocessResult.Failure.class, ImagePreprocessor.process(png, config));
      assertEquals(FailureReason.NO_EYE_FOUND, none.reason());
      PreprocessConfig tiny =
          new PreprocessConfig(
              512,
              320,
              PreprocessConfig.DEFAULT_THRESHOLDS,
              0.5,
              true,
              1000,
              3,
              PreprocessMethod.EQUALISE);
      var big =
          assertInstanceOf(PreprocessResult.Failure.class, ImagePreprocessor.process(png, tiny));
      assertEquals(FailureReason.TOO_LARGE, big.reason());
    }
  }
}
