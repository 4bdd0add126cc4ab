package org.drgrade.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.drgrade.synth.EyeSpec.Anatomy;
import org.drgrade.synth.Lesion.Kind;

/**
 * Chooses the lesions of one eye from its grade, following the clinical scale: 1 microaneurysms
 * only; 2 more of them plus haemorrhages and exudates; 3 haemorrhages in all four quadrants, more
 * exudates, cotton-wool spots; 4 new vessels, often with grade-3 findings, a pre-retinal
 * haemorrhage or laser scars. Harmless features (light reflexes, lens dust) appear at every grade
 * so that "something there" alone does not give the grade away. Sizes are in fundus radii and
 * chosen so that the smallest lesion still covers a pixel or two when the fundus is scaled to 128
 * px across.
 */
final class LesionPlanner {
  private final SplittableRandom random;
  private final Anatomy anatomy;
  private final List<Lesion> lesions = new ArrayList<>();

  private LesionPlanner(SplittableRandom random, Anatomy anatomy) {
    this.random = random;
    this.anatomy = anatomy;
  }

  static List<Lesion> plan(int grade, Anatomy anatomy, SplittableRandom random) {
    LesionPlanner planner = new LesionPlanner(random, anatomy);
    planner.addHarmless();
    int severity = grade == 4 ? 2 + random.nextInt(2) : grade;
    if (severity >= 1)
      planner.addMicroaneurysms(
          severity == 1
              ? between(random, 2, 6)
              : severity == 2 ? between(random, 5, 15) : between(random, 10, 25));
    if (severity == 2)
      planner.addHaemorrhagesAnywhere(between(random, 2, 8), between(random, 0, 3));
    if (severity >= 3) planner.addHaemorrhagesInEveryQuadrant();
    if (severity == 2 && random.nextDouble() < 0.7)
      planner.addExudateClusters(between(random, 1, 2));
    if (severity >= 3) planner.addExudateClusters(between(random, 1, 4));
    if (severity >= 2)
      planner.addCottonWoolSpots(severity == 2 ? between(random, 0, 2) : between(random, 2, 6));
    if (grade == 4) planner.addProliferative();
    return List.copyOf(planner.lesions);
  }

  private void addHarmless() {
    if (random.nextDouble() < 0.5) {
      for (int i = between(random, 1, 4); i > 0; i--) {
        double[] p = nearPosteriorPole(0.6);
        add(Kind.LIGHT_REFLEX, p, uniform(0.06, 0.15), uniform(3, 6), uniform(0, 180));
      }
    }
    if (random.nextDouble() < 0.3) {
      for (int i = between(random, 1, 3); i > 0; i--)
        add(Kind.DUST, anywhere(0.85), uniform(0.015, 0.03), 1, 0);
    }
  }

  private void addMicroaneurysms(int count) {
    for (int i = 0; i < count; i++) {
      double[] p =
          random.nextDouble() < 0.6
              ? near(anatomy.maculaX(), anatomy.maculaY(), 0.5)
              : anywhere(0.85);
      add(Kind.MICROANEURYSM, p, uniform(0.009, 0.015), 1, 0);
    }
  }

  private void addHaemorrhagesAnywhere(int blots, int flames) {
    for (int i = 0; i < blots; i++) addBlot(anywhere(0.85));
    for (int i = 0; i < flames; i++) addFlame(nearPosteriorPole(0.55));
  }

  /** Severe NPDR's "4-2-1" rule starts with many haemorrhages in each quadrant. */
  private void addHaemorrhagesInEveryQuadrant() {
    for (int quadrant = 0; quadrant < 4; quadrant++) {
      for (int i = between(random, 5, 9); i > 0; i--) {
        double angle = (quadrant + random.nextDouble()) * Math.PI / 2;
        double distance = 0.15 + 0.7 * Math.sqrt(random.nextDouble());
        addBlot(new double[] {distance * Math.cos(angle), distance * Math.sin(angle)});
      }
    }
    for (int i = between(random, 3, 8); i > 0; i--) addFlame(nearPosteriorPole(0.6));
  }

  private void addBlot(double[] p) {
    add(Kind.BLOT_HAEMORRHAGE, p, uniform(0.02, 0.045), uniform(1, 1.5), uniform(0, 180));
  }

  /** Flame haemorrhages follow the nerve fibres, which run radially out of the optic disc. */
  private void addFlame(double[] p) {
    double along =
        Math.toDegrees(Math.atan2(p[1] - anatomy.opticDiscY(), p[0] - anatomy.opticDiscX()));
    add(Kind.FLAME_HAEMORRHAGE, p, uniform(0.025, 0.05), uniform(2.5, 4), along);
  }

  /**
   * Hard exudates gather in small rings (circinate patterns) around leaking vessels near the
   * macula.
   */
  private void addExudateClusters(int clusters) {
    for (int c = 0; c < clusters; c++) {
      double[] centre = near(anatomy.maculaX(), anatomy.maculaY(), 0.4);
      double ring = uniform(0.04, 0.12);
      for (int i = between(random, 5, 20); i > 0; i--) {
        double angle = random.nextDouble() * 2 * Math.PI;
        double distance = ring * uniform(0.6, 1.2);
        double[] p = {
          centre[0] + distance * Math.cos(angle), centre[1] + distance * Math.sin(angle)
        };
        add(Kind.HARD_EXUDATE, p, uniform(0.006, 0.014), uniform(1, 1.6), uniform(0, 180));
      }
    }
  }

  private void addCottonWoolSpots(int count) {
    for (int i = 0; i < count; i++) {
      add(
          Kind.COTTON_WOOL_SPOT,
          nearPosteriorPole(0.55),
          uniform(0.035, 0.06),
          uniform(1.2, 1.8),
          uniform(0, 180));
    }
  }

  private void addProliferative() {
    double angle = random.nextDouble() * 2 * Math.PI;
    double onDiscEdge = anatomy.opticDiscRadius() * uniform(0.3, 1.2);
    add(
        Kind.NEW_VESSELS,
        new double[] {
          anatomy.opticDiscX() + onDiscEdge * Math.cos(angle),
          anatomy.opticDiscY() + onDiscEdge * Math.sin(angle)
        },
        uniform(0.1, 0.16),
        1,
        0);
    for (int i = between(random, 0, 2); i > 0; i--)
      add(Kind.NEW_VESSELS, nearPosteriorPole(0.6), uniform(0.08, 0.13), 1, 0);
    if (random.nextDouble() < 0.35)
      add(
          Kind.PRERETINAL_HAEMORRHAGE,
          nearPosteriorPole(0.5),
          uniform(0.12, 0.22),
          uniform(1.3, 1.8),
          0);
    if (random.nextDouble() < 0.35) {
      for (int i = between(random, 30, 70); i > 0; i--) {
        double a = random.nextDouble() * 2 * Math.PI, d = uniform(0.55, 0.9);
        add(
            Kind.LASER_SCAR,
            new double[] {d * Math.cos(a), d * Math.sin(a)},
            uniform(0.02, 0.035),
            1,
            0);
      }
    }
  }

  private void add(Kind kind, double[] p, double size, double elongation, double angle) {
    lesions.add(new Lesion(kind, p[0], p[1], size, elongation, angle, random.nextLong()));
  }

  /** Uniform over a disc of the given radius (fundus units) around the fundus centre. */
  private double[] anywhere(double radius) {
    return near(0, 0, radius);
  }

  /**
   * The posterior pole: around the midpoint between optic disc and macula, where DR shows first.
   */
  private double[] nearPosteriorPole(double radius) {
    return near(
        (anatomy.opticDiscX() + anatomy.maculaX()) / 2,
        (anatomy.opticDiscY() + anatomy.maculaY()) / 2,
        radius);
  }

  /** Uniform in a disc around (x, y), kept inside the fundus and off the optic disc. */
  private double[] near(double x, double y, double radius) {
    while (true) {
      double angle = random.nextDouble() * 2 * Math.PI,
          distance = radius * Math.sqrt(random.nextDouble());
      double px = x + distance * Math.cos(angle), py = y + distance * Math.sin(angle);
      boolean onOpticDisc =
          Math.hypot(px - anatomy.opticDiscX(), py - anatomy.opticDiscY())
              < anatomy.opticDiscRadius() * 1.2;
      if (Math.hypot(px, py) < 0.9 && !onOpticDisc) return new double[] {px, py};
    }
  }

  private double uniform(double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  private static int between(SplittableRandom random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }
}
