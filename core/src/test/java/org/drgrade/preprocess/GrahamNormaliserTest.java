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
import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.drgrade.Side;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.junit.jupiter.api.Test;

/**
 * drgrade.preprocess.method = graham: grey 128 outside 0.9 of the fitted disc, the local average
 * removed inside (so a smooth change of lighting or colour cast leaves the output alone), and an
 * output clearly unlike the equalised one of the same crop.
 */
class GrahamNormaliserTest {
  private static final int SIZE = 256;

  private static final PreprocessConfig EQUALISE = PreprocessConfig.defaults().withOutputSize(SIZE);
  private static final PreprocessConfig GRAHAM = EQUALISE.withMethod(PreprocessMethod.GRAHAM);

  @Test
  void generatedEyeIsGreyOutsideTheKeptDiscAndCentredOnGreyInside() {
    SynthDataset ds = new SynthDataset(2015, SizeProfile.parse("small"));
    check("synth 0_left", ds.jpeg(0, Side.LEFT, 90));
  }

  @Test
  void realPhotographsFromThreeCameras() {
    for (Path file :
        List.of(
            SharedData.folder("eyepacs-sample").resolve("16_left.jpeg"),
            SharedData.folder("srahim-dr").resolve("Patient001_L.jpg"),
            SharedData.folder("aptos-test-unlabelled").resolve("25d98da73248.png"))) {
      check(file.getFileName().toString(), SharedData.read(file));
    }
  }

  private static void check(String name, byte[] source) {
    var graham =
        assertInstanceOf(
            PreprocessResult.Success.class, ImagePreprocessor.process(source, GRAHAM), name);
    var equalised =
        assertInstanceOf(
            PreprocessResult.Success.class, ImagePreprocessor.process(source, EQUALISE), name);
    assertEquals(equalised.crop(), graham.crop(), "the method does not change the crop");
    double[] disc = discInOutput(graham);
    double kept = GrahamNormaliser.KEPT_RADIUS * disc[2];
    long notGreyOutside = 0;
    long inside = 0;
    double[] sum = new double[3];
    double differenceFromEqualised = 0;
    try (Mat g = ReducedDecoder.decode(graham.png(), 1);
        Mat e = ReducedDecoder.decode(equalised.png(), 1);
        UByteIndexer gp = g.createIndexer();
        UByteIndexer ep = e.createIndexer()) {
      assertEquals(SIZE, g.cols());
      assertEquals(SIZE, g.rows());
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          double d = Math.hypot(x - disc[0], y - disc[1]);
          if (d > kept + 1) {
            for (int c = 0; c < 3; c++) {
              if (gp.get(y, x, c) != GrahamNormaliser.GREY) {
                notGreyOutside++;
              }
            }
          } else if (d < kept - 1) {
            inside++;
            for (int c = 0; c < 3; c++) {
              sum[c] += gp.get(y, x, c);
              differenceFromEqualised += Math.abs(gp.get(y, x, c) - ep.get(y, x, c));
            }
          }
        }
      }
    }
    double[] mean = {sum[0] / inside, sum[1] / inside, sum[2] / inside};
    differenceFromEqualised /= 3.0 * inside;
    System.out.printf(
        "%s: r %.1f, not grey outside %d, mean inside BGR %.1f %.1f %.1f, |graham - equalise| %.1f,"
            + " stats %s%n",
        name,
        disc[2],
        notGreyOutside,
        mean[0],
        mean[1],
        mean[2],
        differenceFromEqualised,
        graham.stats());
    assertEquals(0, notGreyOutside, name + ": everything outside 0.9 r is grey 128");
    // A few levels above 128 on real photographs: small bright details (reflexes, exudates, the
    // optic disc) saturate less often than dark ones, and the outermost kept pixels still see some
    // of
    // the dark surround in their blur.
    for (double m : mean) assertEquals(128, m, 6, name + ": local average removed inside");
    for (double m : graham.stats().mean()) assertEquals(128, m, 6, name + ": channel stats");
    assertTrue(
        graham.stats().count() <= Math.PI * (kept + 1) * (kept + 1)
            && graham.stats().count() >= 0.5 * Math.PI * kept * kept,
        name + ": stats over the kept disc, " + graham.stats().count() + " pixels");
    assertTrue(
        differenceFromEqualised > 20,
        name + ": graham differs from equalise by " + differenceFromEqualised);
  }

  /**
   * Disc centre and radius in output pixels as the mask maps them: pixel centres map as (x + 0.5) s
   * - 0.5 under resize.
   */
  private static double[] discInOutput(PreprocessResult.Success ok) {
    CropBox b = ok.crop().box();
    double s = Math.min(SIZE / (double) b.width(), SIZE / (double) b.height());
    double offX = (SIZE - Math.round(b.width() * s)) / 2;
    double offY = (SIZE - Math.round(b.height() * s)) / 2;
    Disc d = ok.crop().disc();
    return new double[] {
      (d.centerX() - b.x() + 0.5) * s - 0.5 + offX,
      (d.centerY() - b.y() + 0.5) * s - 0.5 + offY,
      d.radius() * s
    };
  }

  /**
   * Why: a smooth additive change across the eye (uneven lighting, another camera's colour cast) is
   * the local average, which the method subtracts; the detail stays.
   */
  @Test
  void smoothLightingAndColourCastAreRemoved() {
    int size = 256;
    double radius = 120;
    Random random = new Random(7);
    try (Mat plain = new Mat(size, size, CV_8UC3);
        Mat lit = new Mat(size, size, CV_8UC3);
        Mat kept = new Mat(size, size, CV_8UC1, Scalar.all(0));
        Point centre = new Point(size / 2, size / 2)) {
      double inputDifference = 0;
      try (UByteIndexer p = plain.createIndexer();
          UByteIndexer l = lit.createIndexer()) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            // per channel: fine detail around a level, plus a gradient and an offset (the cast)
            double[] cast = {0.15 * x, 10 + 0.1 * y, 30 + 0.1 * x + 0.05 * y};
            for (int c = 0; c < 3; c++) {
              int detail = 90 + random.nextInt(21) - 10;
              p.put(y, x, c, detail);
              l.put(y, x, c, (int) Math.round(detail + cast[c]));
              inputDifference += Math.round(cast[c]);
            }
          }
        }
      }
      inputDifference /= 3.0 * size * size;
      circle(
          kept,
          centre,
          (int) Math.round(GrahamNormaliser.KEPT_RADIUS * radius),
          Scalar.all(255),
          FILLED,
          LINE_8,
          0);
      try (Mat a = GrahamNormaliser.normalise(plain, radius, kept);
          Mat b = GrahamNormaliser.normalise(lit, radius, kept);
          UByteIndexer ap = a.createIndexer();
          UByteIndexer bp = b.createIndexer();
          UByteIndexer k = kept.createIndexer()) {
        double outputDifference = 0;
        long n = 0;
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            if (k.get(y, x) == 0) {
              for (int c = 0; c < 3; c++) assertEquals(GrahamNormaliser.GREY, ap.get(y, x, c));
              continue;
            }
            n++;
            for (int c = 0; c < 3; c++)
              outputDifference += Math.abs(ap.get(y, x, c) - bp.get(y, x, c));
          }
        }
        outputDifference /= 3.0 * n;
        System.out.printf(
            "lighting: mean |lit - plain| input %.1f, graham output %.2f%n",
            inputDifference, outputDifference);
        assertTrue(inputDifference > 15, "the cast is large: " + inputDifference);
        assertTrue(outputDifference < 2, "graham removes it: " + outputDifference);
      }
    }
  }
}
