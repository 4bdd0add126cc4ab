package org.drgrade.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.drgrade.synth.EyeSpec.Anatomy;
import org.drgrade.synth.EyeSpec.Colouring;
import org.drgrade.synth.Lesion.Kind;

/**
 * The smooth part of the picture, painted on a canvas of at most {@link #MAX_WIDTH} px and scaled
 * up afterwards: everything here is soft (vignetting, macula, choroid blotches, optic disc glow,
 * rim haze, fluffy lesions), so painting it at full camera size would only cost time. Callers open
 * a JavaCPP PointerScope around it, which frees the temporaries.
 */
final class RetinaField {
  static final int MAX_WIDTH = 640;

  private final Mat colour;
  private final FundusFrame frame;
  private final Size size;

  private RetinaField(Size size, FundusFrame frame) {
    this.size = size;
    this.frame = frame;
    this.colour = new Mat(size, CV_32FC3);
  }

  /**
   * Canvas scale for an image of the given width: at most half size, at most {@link #MAX_WIDTH} px.
   */
  static double scaleFor(int width) {
    return Math.min(0.5, (double) MAX_WIDTH / width);
  }

  /**
   * Paints the field for {@code spec}; returns an 8-bit BGR canvas of the spec's size times {@link
   * #scaleFor}.
   */
  static Mat paint(EyeSpec spec) {
    double scale = scaleFor(spec.width());
    Size size =
        new Size((int) Math.round(spec.width() * scale), (int) Math.round(spec.height() * scale));
    RetinaField field = new RetinaField(size, FundusFrame.of(spec.fundus(), scale));
    setRNGSeed((int) spec.textureSeed());
    field.shade(spec.colouring(), spec.anatomy());
    field.opticDisc(spec.colouring(), spec.anatomy());
    if (spec.colouring().rimHaze() > 0) {
      field.blendToward(
          field.blob(List.of(Shape.circle(0, 0, 0.96)), 0.05, false, 0.05),
          spec.colouring().rimHaze(),
          205,
          195,
          160);
    }
    field.blendLesions(spec.lesions(), Kind.COTTON_WOOL_SPOT, 0.35, 0.8, 205, 220, 232);
    field.blendLesions(spec.lesions(), Kind.LIGHT_REFLEX, 0.4, 0.2, 235, 235, 235);
    field.blendLesions(spec.lesions(), Kind.DUST, 0.3, 0.25, 70, 70, 70);
    field.blendLesions(spec.lesions(), Kind.PRERETINAL_HAEMORRHAGE, 0.05, 0.9, 12, 18, 85);
    Mat out = new Mat();
    field.colour.convertTo(out, CV_8UC3);
    return out;
  }

  /**
   * Base colour times a brightness that falls toward the rim, dips at the macula and is blotchy.
   */
  private void shade(Colouring c, Anatomy anatomy) {
    Mat falloff = blob(List.of(Shape.circle(0, 0, 0.75)), 0.45, true, 0);
    Mat shade = new Mat(size, CV_32FC1, new Scalar(1 - c.vignette()));
    add(shade, multiplied(falloff, c.vignette() / peak(falloff)), shade);
    Mat macula =
        blob(List.of(Shape.circle(anatomy.maculaX(), anatomy.maculaY(), 0.1)), 0.8, true, 0);
    multiply(shade, subtractedFromOne(multiplied(macula, 0.4 / peak(macula))), shade);
    multiply(shade, blotches(24, 0.035), shade);
    multiply(shade, blotches(120, 0.02), shade);
    Mat shade3 = new Mat();
    cvtColor(shade, shade3, COLOR_GRAY2BGR);
    multiply(shade3, new Mat(size, CV_32FC3, new Scalar(c.blue(), c.green(), c.red(), 0)), colour);
  }

  /** The optic disc: a pale yellow-orange round patch with a whiter cup inside. */
  private void opticDisc(Colouring c, Anatomy a) {
    double r = a.opticDiscRadius();
    blendToward(
        blob(List.of(new Shape(a.opticDiscX(), a.opticDiscY(), r, 1.1, 90, false)), 0.15, true, 0),
        0.85,
        Math.min(250, c.blue() + 50),
        Math.min(250, c.green() + 105),
        Math.min(252, c.red() + 40));
    double cupX = a.opticDiscX() + Math.signum(a.maculaX() - a.opticDiscX()) * r * 0.2;
    blendToward(
        blob(List.of(new Shape(cupX, a.opticDiscY(), r * 0.45, 1.1, 90, false)), 0.35, true, 0),
        0.55,
        170,
        220,
        245);
  }

  /**
   * Multiplicative texture: Gaussian noise on a coarse grid, scaled up smoothly (choroid pattern).
   */
  private Mat blotches(int gridWidth, double strength) {
    Mat coarse =
        new Mat(Math.max(2, gridWidth * size.height() / size.width()), gridWidth, CV_32FC1);
    randn(
        coarse,
        new Mat(1, 1, CV_32FC1, new Scalar(1)),
        new Mat(1, 1, CV_32FC1, new Scalar(strength)));
    Mat fine = new Mat();
    resize(coarse, fine, size, 0, 0, INTER_CUBIC);
    return fine;
  }

  /**
   * A soft mask (0..1) of ellipses, one per lesion, blurred by {@code softness} times the mean
   * lesion size; {@code ringWidth} > 0 draws rings of that width instead of filled shapes.
   */
  private Mat blob(List<Shape> shapes, double softness, boolean filled, double ringWidth) {
    double meanSize = shapes.stream().mapToDouble(Shape::size).average().orElseThrow();
    double sigma = Math.max(0.5, frame.pixels(Math.max(meanSize, ringWidth) * softness));
    // a wide blur hides detail anyway: draw and blur on a canvas shrunk so sigma is ~3 px there,
    // then scale up
    double shrink = Math.max(1, Math.floor(sigma / 3));
    Size small =
        new Size((int) Math.ceil(size.width() / shrink), (int) Math.ceil(size.height() / shrink));
    FundusFrame smallFrame = frame.scaled(1 / shrink);
    Mat mask = new Mat(small, CV_32FC1, new Scalar(0));
    Scalar one = new Scalar(1);
    for (Shape s : shapes) {
      Size axes =
          new Size(smallFrame.shifted(s.size()), smallFrame.shifted(s.size() / s.elongation()));
      ellipse(
          mask,
          smallFrame.point(s.x(), s.y()),
          axes,
          s.angleDegrees(),
          0,
          s.lowerHalf() ? 180 : 360,
          one,
          filled ? FILLED : Math.max(1, (int) smallFrame.pixels(ringWidth)),
          LINE_AA,
          FundusFrame.SHIFT);
    }
    GaussianBlur(mask, mask, new Size(0, 0), sigma / shrink);
    if (shrink == 1) return mask;
    Mat full = new Mat();
    resize(mask, full, size, 0, 0, INTER_LINEAR);
    return full;
  }

  /** colour += (target - colour) * mask * strength, per pixel. */
  private void blendToward(Mat mask, double strength, double blue, double green, double red) {
    Mat weight = new Mat();
    cvtColor(multiplied(mask, strength), weight, COLOR_GRAY2BGR);
    Mat delta = new Mat();
    subtract(new Mat(size, CV_32FC3, new Scalar(blue, green, red, 0)), colour, delta);
    multiply(delta, weight, delta);
    add(colour, delta, colour);
  }

  /** Blends the soft lesions of one kind toward their colour; nothing to do when there are none. */
  private void blendLesions(
      List<Lesion> lesions,
      Kind kind,
      double softness,
      double strength,
      double blue,
      double green,
      double red) {
    List<Shape> shapes = lesions.stream().filter(l -> l.kind() == kind).map(Shape::of).toList();
    if (!shapes.isEmpty()) blendToward(blob(shapes, softness, true, 0), strength, blue, green, red);
  }

  /**
   * An ellipse in fundus units; {@code lowerHalf} keeps only the half below its long axis, the
   * flat- topped "boat" of a pre-retinal haemorrhage whose blood settles under gravity.
   */
  private record Shape(
      double x, double y, double size, double elongation, double angleDegrees, boolean lowerHalf) {
    static Shape circle(double x, double y, double radius) {
      return new Shape(x, y, radius, 1, 0, false);
    }

    static Shape of(Lesion l) {
      return new Shape(
          l.x(),
          l.y(),
          l.size(),
          l.elongation(),
          l.angleDegrees(),
          l.kind() == Kind.PRERETINAL_HAEMORRHAGE);
    }
  }

  private static Mat multiplied(Mat m, double factor) {
    Mat out = new Mat();
    m.convertTo(out, -1, factor, 0);
    return out;
  }

  private static Mat subtractedFromOne(Mat m) {
    Mat out = new Mat();
    m.convertTo(out, -1, -1, 1);
    return out;
  }

  private static double peak(Mat m) {
    double[] max = new double[1];
    org.bytedeco.opencv.global.opencv_core.minMaxLoc(m, null, max, null, null, null);
    return Math.max(max[0], 1e-6);
  }
}
