package org.drgrade.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.drgrade.synth.EyeSpec.FundusDisc;
import org.drgrade.synth.EyeSpec.NoiseBand;
import org.drgrade.synth.EyeSpec.Notch;

/**
 * Renders an {@link EyeSpec} to an 8-bit BGR image: the soft {@link RetinaField} scaled up, sharp
 * vessels and lesions from {@link DetailPainter}, sensor noise on a near-black background, the
 * fundus outline (round, maybe cut flat, with notch markers) and grey noise bands in the border.
 * Pure function of the spec: OpenCV's per-thread random generator is re-seeded from the spec before
 * use.
 */
public final class FundusPainter {
  private FundusPainter() {}

  /** Paints and encodes as JPEG with the given quality (1..100). */
  public static byte[] paintJpeg(EyeSpec spec, int quality) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = paint(spec);
      BytePointer jpeg = new BytePointer();
      if (!imencode(".jpg", image, jpeg, new IntPointer(IMWRITE_JPEG_QUALITY, quality))) {
        throw new IllegalStateException("OpenCV could not encode " + spec.image() + " as JPEG");
      }
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return bytes;
    }
  }

  /**
   * Paints the image. The caller owns the returned Mat and must close it; temporaries are freed
   * here.
   */
  public static Mat paint(EyeSpec spec) {
    Mat image = new Mat(spec.height(), spec.width(), CV_8UC3);
    try (PointerScope scope = new PointerScope()) {
      Size size = new Size(spec.width(), spec.height());
      Mat retina = new Mat();
      resize(RetinaField.paint(spec), retina, size, 0, 0, INTER_LINEAR);

      FundusFrame frame = FundusFrame.of(spec.fundus(), 1.0);
      Mat absorption = new Mat(size, CV_8UC3, new Scalar(0));
      Mat glow = new Mat(size, CV_8UC3, new Scalar(0));
      DetailPainter details = new DetailPainter(absorption, glow, frame);
      details.vessels(VesselTree.grow(spec.anatomy(), spec.textureSeed()));
      spec.lesions().forEach(details::lesion);
      // a camera never resolves a hard edge; a blur of ~1/1500 of the fundus radius softens them
      // alike at every size
      double sigma = Math.max(0.5, spec.fundus().radius() / 1500);
      GaussianBlur(absorption, absorption, new Size(0, 0), sigma);
      if (spec.lesions().stream().anyMatch(l -> l.kind().glows()))
        GaussianBlur(glow, glow, new Size(0, 0), sigma);
      bitwise_not(absorption, absorption);
      multiply(retina, absorption, retina, 1 / 255.0, -1);
      add(retina, glow, retina);

      setRNGSeed((int) (spec.textureSeed() >>> 32));
      double level = spec.border().backgroundLevel();
      double spread = 2 + level / 3;
      randu(
          image,
          new Mat(1, 1, CV_64FC1, new Scalar(level - spread)),
          new Mat(1, 1, CV_64FC1, new Scalar(level + spread)));
      add(retina, image, retina);
      retina.copyTo(image, fundusMask(spec, size));
      for (NoiseBand band : spec.border().bands()) greyNoise(image, band);
    }
    return image;
  }

  /**
   * The fundus outline: the circle, flat cuts above firstRow and below lastRow, notch markers on
   * the rim.
   */
  private static Mat fundusMask(EyeSpec spec, Size size) {
    FundusDisc disc = spec.fundus();
    FundusFrame frame = FundusFrame.of(disc, 1.0);
    Mat mask = new Mat(size, CV_8UC1, new Scalar(0));
    Scalar on = new Scalar(255);
    circle(mask, frame.point(0, 0), frame.shifted(1), on, FILLED, LINE_AA, FundusFrame.SHIFT);
    for (Notch notch : spec.border().notches()) {
      double a = Math.toRadians(notch.angleDegrees()), s = notch.size();
      double x = Math.cos(a) * (1 + s * 0.4), y = Math.sin(a) * (1 + s * 0.4);
      switch (notch.shape()) {
        case ROUND ->
            circle(
                mask,
                frame.point(x, y),
                frame.shifted(s * 0.7),
                on,
                FILLED,
                LINE_AA,
                FundusFrame.SHIFT);
        case SQUARE ->
            rectangle(
                mask,
                frame.point(x - s / 2, y - s / 2),
                frame.point(x + s / 2, y + s / 2),
                on,
                FILLED,
                LINE_AA,
                FundusFrame.SHIFT);
        case TRIANGLE ->
            fillConvexPoly(
                mask,
                polygon(
                    frame.point(x - s / 2, y - s / 2),
                    frame.point(x + s / 2, y - s / 2),
                    frame.point(x, y + s / 2)),
                on,
                LINE_AA,
                FundusFrame.SHIFT);
      }
    }
    Scalar off = new Scalar(0);
    if (disc.firstRow() > 0)
      rectangle(mask, new Rect(0, 0, size.width(), disc.firstRow()), off, FILLED, LINE_AA, 0);
    if (disc.lastRow() < size.height() - 1) {
      rectangle(
          mask,
          new Rect(0, disc.lastRow() + 1, size.width(), size.height() - disc.lastRow() - 1),
          off,
          FILLED,
          LINE_AA,
          0);
    }
    return mask;
  }

  private static Mat polygon(Point... points) {
    int[] xy = new int[points.length * 2];
    for (int i = 0; i < points.length; i++) {
      xy[2 * i] = points[i].x();
      xy[2 * i + 1] = points[i].y();
    }
    return new Mat(points.length, 1, CV_32SC2, new IntPointer(xy));
  }

  /** Grey (equal in all channels) noise over the band's rectangle, clipped to the image. */
  private static void greyNoise(Mat image, NoiseBand band) {
    Rect box =
        new Rect(
            band.x(),
            band.y(),
            Math.min(band.width(), image.cols() - band.x()),
            Math.min(band.height(), image.rows() - band.y()));
    if (box.width() <= 0 || box.height() <= 0) return;
    Mat grey = new Mat(box.height(), box.width(), CV_8UC1);
    randn(
        grey,
        new Mat(1, 1, CV_64FC1, new Scalar(band.mean())),
        new Mat(1, 1, CV_64FC1, new Scalar(band.sigma())));
    cvtColor(grey, image.apply(box), COLOR_GRAY2BGR);
  }
}
