package org.drgrade.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.moments;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Moments;
import org.bytedeco.opencv.opencv_core.Rect;
import org.drgrade.Side;
import org.drgrade.synth.EyeSpec.FundusDisc;
import org.junit.jupiter.api.Test;

/**
 * Decodes generated camera-like JPEGs and checks that the fundus is where, and as big as, the spec
 * says.
 */
class FundusImageTest {
  @Test
  void decodedImagesHavePlannedSizeAndFundusWhereTheSpecSays() {
    SynthDataset data = new SynthDataset(21, new SizeProfile.CameraScaled(0.25));
    boolean sawFlatCut = false;
    for (long p = 0; p < 6; p++) {
      EyeSpec spec = data.spec(p, p % 2 == 0 ? Side.LEFT : Side.RIGHT);
      try (PointerScope scope = new PointerScope()) {
        Mat image =
            imdecode(new Mat(new BytePointer(FundusPainter.paintJpeg(spec, 90))), IMREAD_COLOR);
        assertEquals(spec.width(), image.cols(), spec.image());
        assertEquals(spec.height(), image.rows(), spec.image());
        Rect box = boundingRect(largestBrightRegion(image));
        FundusDisc disc = spec.fundus();
        double tolerance = 0.04 * disc.radius();
        String where =
            spec.image()
                + " "
                + disc
                + " found "
                + box.x()
                + ","
                + box.y()
                + " "
                + box.width()
                + "x"
                + box.height();
        assertEquals(disc.centreX() - disc.radius(), box.x(), tolerance, "left edge " + where);
        assertEquals(
            disc.centreX() + disc.radius(),
            box.x() + box.width(),
            tolerance,
            "right edge " + where);
        assertEquals(disc.firstRow(), box.y(), tolerance, "top " + where);
        assertEquals(disc.lastRow() + 1, box.y() + box.height(), tolerance, "bottom " + where);
        Moments m = moments(largestBrightRegion(image));
        assertEquals(
            disc.centreX(), m.m10() / m.m00(), 0.02 * disc.radius(), "centroid x " + where);
        if (disc.cutAtTop()) {
          sawFlatCut = true;
          // flat: the top row of a cut fundus is a wide chord, not the tip of a circle
          Mat row = brightMask(image).row(disc.firstRow() + 1);
          assertTrue(countNonZero(row) > 0.5 * disc.radius(), "flat cut at top " + where);
        }
      }
    }
    assertTrue(sawFlatCut, "the sample should include a flat-cut fundus");
  }

  private static Mat brightMask(Mat image) {
    Mat red = new Mat(), mask = new Mat();
    extractChannel(image, red, 2);
    threshold(red, mask, 32, 255, THRESH_BINARY);
    mask.convertTo(mask, CV_8UC1);
    return mask;
  }

  /** The fundus is the largest connected bright region; noise bands in the border are smaller. */
  private static Mat largestBrightRegion(Mat image) {
    MatVector contours = new MatVector();
    findContours(brightMask(image), contours, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
    Mat best = contours.get(0);
    for (long i = 1; i < contours.size(); i++) {
      if (contourArea(contours.get(i)) > contourArea(best)) best = contours.get(i);
    }
    return best;
  }
}
