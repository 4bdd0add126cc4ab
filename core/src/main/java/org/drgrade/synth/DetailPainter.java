package org.drgrade.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;

import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Paints the sharp details at full resolution onto two layers: {@code absorption} (per channel, how
 * much of the light a pixel loses: vessels and blood, which take far more green and blue than red,
 * so they look dark red on any retina colour) and {@code glow} (colour added: exudates, scar rims).
 * Colours are created once per layer, not per shape, to keep native allocations out of the loops.
 */
final class DetailPainter {
  private final Mat absorption, glow;
  private final FundusFrame frame;
  private final Scalar vein = new Scalar(90, 150, 75, 0), artery = new Scalar(50, 100, 40, 0);
  private final Scalar blood = new Scalar(125, 195, 125, 0), flame = new Scalar(100, 170, 95, 0);
  private final Scalar newVessel = new Scalar(100, 165, 95, 0),
      pigment = new Scalar(150, 150, 175, 0);
  private final Scalar exudate = new Scalar(45, 115, 70, 0), scarRim = new Scalar(35, 55, 35, 0);

  DetailPainter(Mat absorption, Mat glow, FundusFrame frame) {
    this.absorption = absorption;
    this.glow = glow;
    this.frame = frame;
  }

  /**
   * Vessels thinner than a pixel are drawn one pixel wide but fainter, as a camera would blur them.
   */
  void vessels(Iterable<VesselTree.Segment> segments) {
    Scalar faintVein = scaled(vein, 0.6), faintArtery = scaled(artery, 0.6);
    for (VesselTree.Segment s : segments) {
      double widthPx = frame.pixels(s.width());
      Scalar colour =
          widthPx >= 1.2 ? (s.vein() ? vein : artery) : (s.vein() ? faintVein : faintArtery);
      line(
          absorption,
          frame.point(s.x0(), s.y0()),
          frame.point(s.x1(), s.y1()),
          colour,
          Math.max(1, (int) Math.round(widthPx)),
          LINE_AA,
          FundusFrame.SHIFT);
    }
  }

  void lesion(Lesion l) {
    switch (l.kind()) {
      case MICROANEURYSM ->
          circle(
              absorption,
              frame.point(l.x(), l.y()),
              frame.shifted(l.size()),
              blood,
              FILLED,
              LINE_AA,
              FundusFrame.SHIFT);
      case BLOT_HAEMORRHAGE -> blot(l);
      case FLAME_HAEMORRHAGE ->
          ellipse(
              absorption,
              frame.point(l.x(), l.y()),
              axes(l),
              l.angleDegrees(),
              0,
              360,
              flame,
              FILLED,
              LINE_AA,
              FundusFrame.SHIFT);
      case HARD_EXUDATE ->
          ellipse(
              glow,
              frame.point(l.x(), l.y()),
              axes(l),
              l.angleDegrees(),
              0,
              360,
              exudate,
              FILLED,
              LINE_AA,
              FundusFrame.SHIFT);
      case NEW_VESSELS -> newVessels(l);
      case LASER_SCAR -> {
        circle(
            absorption,
            frame.point(l.x(), l.y()),
            frame.shifted(l.size() * 0.7),
            pigment,
            FILLED,
            LINE_AA,
            FundusFrame.SHIFT);
        circle(
            glow,
            frame.point(l.x(), l.y()),
            frame.shifted(l.size()),
            scarRim,
            Math.max(1, (int) frame.pixels(l.size() * 0.3)),
            LINE_AA,
            FundusFrame.SHIFT);
      }
      // soft features belong to RetinaField
      case COTTON_WOOL_SPOT, PRERETINAL_HAEMORRHAGE, LIGHT_REFLEX, DUST -> {}
    }
  }

  /** A blot is irregular: a main ellipse with two smaller lobes at random places on its edge. */
  private void blot(Lesion l) {
    ellipse(
        absorption,
        frame.point(l.x(), l.y()),
        axes(l),
        l.angleDegrees(),
        0,
        360,
        blood,
        FILLED,
        LINE_AA,
        FundusFrame.SHIFT);
    SplittableRandom random = new SplittableRandom(l.shapeSeed());
    for (int lobe = 0; lobe < 2; lobe++) {
      double angle = random.nextDouble() * 2 * Math.PI, reach = l.size() * 0.7;
      circle(
          absorption,
          frame.point(l.x() + reach * Math.cos(angle), l.y() + reach * Math.sin(angle)),
          frame.shifted(l.size() * (0.4 + 0.3 * random.nextDouble())),
          blood,
          FILLED,
          LINE_AA,
          FundusFrame.SHIFT);
    }
  }

  /** A tuft of fine, strongly curling vessel loops around the lesion's position. */
  private void newVessels(Lesion l) {
    SplittableRandom random = new SplittableRandom(l.shapeSeed());
    int thickness = Math.max(1, (int) Math.round(frame.pixels(0.004)));
    for (int loop = 8 + random.nextInt(8); loop > 0; loop--) {
      double angle = random.nextDouble() * 2 * Math.PI,
          distance = l.size() * 0.5 * random.nextDouble();
      double x = l.x() + distance * Math.cos(angle), y = l.y() + distance * Math.sin(angle);
      double heading = random.nextDouble() * 2 * Math.PI,
          turn = 0.5 * (random.nextBoolean() ? 1 : -1);
      for (int step = 10 + random.nextInt(15); step > 0; step--) {
        heading += turn + 0.5 * random.nextGaussian();
        double nx = x + 0.012 * Math.cos(heading), ny = y + 0.012 * Math.sin(heading);
        if (Math.hypot(nx - l.x(), ny - l.y()) > l.size()) break;
        line(
            absorption,
            frame.point(x, y),
            frame.point(nx, ny),
            newVessel,
            thickness,
            LINE_AA,
            FundusFrame.SHIFT);
        x = nx;
        y = ny;
      }
    }
  }

  private Size axes(Lesion l) {
    return new Size(frame.shifted(l.size()), frame.shifted(l.size() / l.elongation()));
  }

  private static Scalar scaled(Scalar s, double factor) {
    return new Scalar(s.get(0) * factor, s.get(1) * factor, s.get(2) * factor, 0);
  }
}
