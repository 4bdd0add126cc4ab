package org.drgrade.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.drgrade.synth.EyeSpec.Anatomy;

/**
 * Grows the retinal vessels as random walks out of the optic disc, in fundus units. The four big
 * vessels (upper and lower artery and vein) leave the disc nearly vertically and bend toward the
 * macula, forming the arcades that embrace it; thinner trunks fan out nasally. Every vessel tapers,
 * wanders a little and branches; none enters the vessel-free zone at the centre of the macula.
 */
final class VesselTree {
  /** One straight piece of a vessel; {@code width} is the vessel's full width in fundus units. */
  record Segment(double x0, double y0, double x1, double y1, double width, boolean vein) {}

  private static final double STEP = 0.025, MIN_WIDTH = 0.0025;
  private final Anatomy anatomy;
  private final SplittableRandom random;
  private final List<Segment> segments = new ArrayList<>();

  private VesselTree(Anatomy anatomy, SplittableRandom random) {
    this.anatomy = anatomy;
    this.random = random;
  }

  static List<Segment> grow(Anatomy anatomy, long seed) {
    VesselTree tree = new VesselTree(anatomy, new SplittableRandom(seed));
    double temporal = anatomy.maculaX() > anatomy.opticDiscX() ? 0 : Math.PI;
    double upward = temporal == 0 ? -1 : 1;
    for (int arcade = -1; arcade <= 1; arcade += 2) {
      for (boolean vein : new boolean[] {true, false}) {
        double leave =
            temporal + arcade * upward * Math.toRadians(70 + 12 * tree.random.nextDouble());
        tree.walk(
            anatomy.opticDiscX(),
            anatomy.opticDiscY(),
            leave,
            temporal,
            vein ? 0.016 : 0.012,
            vein,
            0);
      }
    }
    for (int i = 3 + tree.random.nextInt(3); i > 0; i--) {
      double heading = temporal + Math.PI + Math.toRadians(140 * (tree.random.nextDouble() - 0.5));
      tree.walk(
          anatomy.opticDiscX(),
          anatomy.opticDiscY(),
          heading,
          heading,
          0.008,
          tree.random.nextBoolean(),
          1);
    }
    return List.copyOf(tree.segments);
  }

  /**
   * Walks one vessel. {@code target} is the heading it bends toward (the arcades' horizontal
   * temporal course); branches get their own heading as target, so they fan out.
   */
  private void walk(
      double x, double y, double heading, double target, double width, boolean vein, int depth) {
    for (int step = 0; step < 160 && width >= MIN_WIDTH; step++) {
      heading += 0.07 * angleBetween(heading, target) + 0.12 * random.nextGaussian();
      double nx = x + STEP * Math.cos(heading), ny = y + STEP * Math.sin(heading);
      if (Math.hypot(nx, ny) > 0.99
          || Math.hypot(nx - anatomy.maculaX(), ny - anatomy.maculaY()) < 0.08) return;
      segments.add(new Segment(x, y, nx, ny, width, vein));
      x = nx;
      y = ny;
      width *= 0.988;
      if (depth < 4 && random.nextDouble() < 0.08) {
        double side = random.nextBoolean() ? 1 : -1;
        double branchHeading = heading + side * Math.toRadians(25 + 35 * random.nextDouble());
        walk(
            x,
            y,
            branchHeading,
            branchHeading,
            width * (0.45 + 0.25 * random.nextDouble()),
            vein,
            depth + 1);
        width *= 0.9;
      }
    }
  }

  /** Signed smallest rotation from {@code from} to {@code to}, in (-pi, pi]. */
  private static double angleBetween(double from, double to) {
    return Math.IEEEremainder(to - from, 2 * Math.PI);
  }
}
