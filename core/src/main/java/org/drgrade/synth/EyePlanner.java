package org.drgrade.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.drgrade.Side;
import org.drgrade.synth.EyeSpec.Anatomy;
import org.drgrade.synth.EyeSpec.BorderArtefacts;
import org.drgrade.synth.EyeSpec.Colouring;
import org.drgrade.synth.EyeSpec.FundusDisc;
import org.drgrade.synth.EyeSpec.NoiseBand;
import org.drgrade.synth.EyeSpec.Notch;
import org.drgrade.synth.EyeSpec.NotchShape;
import org.drgrade.synth.SizeProfile.ImageSize;

/**
 * Plans one eye's photograph from (seed, patient index, side, grade). Both eyes of a patient share
 * a camera (size, flat-cut style, colour family), as in EyePACS where a visit photographs both eyes
 * on one camera. Lesions come from a stream of their own, so planning the same eye with another
 * grade changes the lesions and nothing else.
 */
public record EyePlanner(long seed, SizeProfile sizeProfile) {
  /** Retina colours seen across EyePACS cameras and pigmentations (BGR at the brightest point). */
  private static final double[][] PALETTE = {
    {30, 105, 225}, {35, 75, 200}, {120, 140, 215}, {25, 55, 135}, {85, 80, 120}, {40, 130, 220}
  };

  public EyeSpec plan(long patientIndex, long patientId, Side side, int grade) {
    SplittableRandom camera = Seeds.stream(seed, Seeds.CAMERA, patientIndex);
    SplittableRandom eye = Seeds.stream(seed, Seeds.EYE, patientIndex, side.ordinal());
    SplittableRandom lesions =
        Seeds.stream(seed, Seeds.EYE, patientIndex, side.ordinal(), grade + 1L);

    ImageSize size =
        sizeProfile.pick(
            SizeProfile.CAMERAS.get(camera.nextInt(SizeProfile.CAMERAS.size())), camera);
    boolean cameraCutsFlat = camera.nextDouble() < 0.4;
    double[] tint = PALETTE[camera.nextInt(PALETTE.length)];
    double[] otherTint = PALETTE[camera.nextInt(PALETTE.length)];
    double mix = camera.nextDouble() * 0.5, brightness = uniform(camera, 0.6, 1.15);
    double rimHaze = camera.nextDouble() < 0.3 ? uniform(camera, 0.1, 0.35) : 0;

    FundusDisc fundus = fundus(size, cameraCutsFlat, eye);
    Anatomy anatomy = anatomy(side, eye);
    double eyeBrightness = brightness * uniform(eye, 0.92, 1.08);
    Colouring colouring =
        new Colouring(
            channel(tint, otherTint, mix, 0, eyeBrightness),
            channel(tint, otherTint, mix, 1, eyeBrightness),
            channel(tint, otherTint, mix, 2, eyeBrightness),
            vignette(uniform(eye, 0.25, 0.6), channel(tint, otherTint, mix, 2, eyeBrightness)),
            rimHaze);
    BorderArtefacts border = border(size, fundus, eye);
    String image = patientId + "_" + side.label();
    return new EyeSpec(
        image,
        patientId,
        side,
        grade,
        size.width(),
        size.height(),
        fundus,
        anatomy,
        colouring,
        border,
        LesionPlanner.plan(grade, anatomy, lesions),
        eye.nextLong());
  }

  /**
   * Cameras that cut the fundus flat show a circle taller than the frame (or cropped a little
   * inside it); the others show the whole circle with a black margin.
   */
  private static FundusDisc fundus(ImageSize size, boolean cutsFlat, SplittableRandom random) {
    int w = size.width(), h = size.height();
    double radius = h * (cutsFlat ? uniform(random, 0.5, 0.58) : uniform(random, 0.43, 0.49));
    radius = Math.min(radius, w * 0.47);
    double cx = w / 2.0 + w * uniform(random, -0.025, 0.025);
    double cy = h / 2.0 + h * uniform(random, -0.01, 0.01);
    int inset = cutsFlat ? (int) (h * uniform(random, 0, 0.03)) : 0;
    int firstRow = Math.max((int) Math.ceil(cy - radius), inset);
    int lastRow = Math.min((int) Math.floor(cy + radius), h - 1 - inset);
    return new FundusDisc(cx, cy, radius, firstRow, lastRow);
  }

  /**
   * The optic disc sits nasally: on the left of a left eye's photograph, on the right of a right
   * eye's. A quarter of EyePACS images are inverted by the camera, which swaps that.
   */
  private static Anatomy anatomy(Side side, SplittableRandom random) {
    double nasal = (side == Side.LEFT ? -1 : 1) * (random.nextDouble() < 0.25 ? -1 : 1);
    double discY = uniform(random, -0.12, 0.08);
    return new Anatomy(
        nasal * uniform(random, 0.5, 0.66),
        discY,
        uniform(random, 0.11, 0.15),
        -nasal * uniform(random, 0, 0.12),
        discY + uniform(random, 0.02, 0.1));
  }

  private static BorderArtefacts border(
      ImageSize size, FundusDisc fundus, SplittableRandom random) {
    List<NoiseBand> bands = new ArrayList<>();
    if (random.nextDouble() < 0.2) {
      int margin = (int) (fundus.centreX() - fundus.radius());
      for (int i = 1 + random.nextInt(3); i > 0 && margin > 8; i--) {
        int bandWidth = Math.max(2, (int) (margin * uniform(random, 0.1, 0.5)));
        boolean leftSide = random.nextBoolean();
        int x =
            leftSide
                ? random.nextInt(margin - bandWidth + 1)
                : size.width() - bandWidth - random.nextInt(margin - bandWidth + 1);
        int y = (int) (size.height() * uniform(random, 0, 0.5));
        int height = (int) ((size.height() - y) * uniform(random, 0.3, 1));
        bands.add(
            new NoiseBand(
                x, y, bandWidth, height, uniform(random, 10, 30), uniform(random, 4, 12)));
      }
    }
    List<Notch> notches = new ArrayList<>();
    if (random.nextDouble() < 0.7) notches.add(notch(-uniform(random, 40, 60), random));
    if (random.nextDouble() < 0.15) notches.add(notch(uniform(random, 0, 360), random));
    return new BorderArtefacts(uniform(random, 2, 9), List.copyOf(bands), List.copyOf(notches));
  }

  private static Notch notch(double angle, SplittableRandom random) {
    NotchShape shape = NotchShape.values()[random.nextInt(NotchShape.values().length)];
    return new Notch(angle, uniform(random, 0.025, 0.04), shape);
  }

  /**
   * Caps the rim darkening so the rim's red stays near 45 or above: real rims are dim, never black.
   */
  private static double vignette(double wanted, double red) {
    return Math.max(0, Math.min(wanted, 1 - 45 / red));
  }

  private static double channel(
      double[] tint, double[] other, double mix, int c, double brightness) {
    return Math.min(250, ((1 - mix) * tint[c] + mix * other[c]) * brightness);
  }

  private static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }
}
