package org.drgrade.synth;

import java.util.List;
import java.util.SplittableRandom;
import org.drgrade.Side;

/**
 * A synthetic EyePACS-like data set: patients 0..n-1 by index, each with a Kaggle-style integer id
 * and two eyes ({@code {id}_left.jpeg}, {@code {id}_right.jpeg}) graded 0..4. Every method is a
 * pure function of (seed, size profile, patient index[, side]), so a Spark job can hand out patient
 * indices to partitions and paint each image on an executor without seeing the others.
 */
public final class SynthDataset {
  /** Default JPEG quality; EyePACS files are high-quality JPEGs. */
  public static final int DEFAULT_JPEG_QUALITY = 92;

  private final long seed;
  private final GradeSampler grades;
  private final EyePlanner planner;

  public SynthDataset(long seed, SizeProfile sizeProfile) {
    this.seed = seed;
    this.grades = GradeSampler.kaggle();
    this.planner = new EyePlanner(seed, sizeProfile);
  }

  /**
   * Increasing ids that skip a few numbers, like Kaggle's (10, 13, 15, 16, ...): patient i gets 10
   * + 3i plus a per-patient offset of 0..2, so ids never collide and need no neighbour to compute.
   */
  public long patientId(long patientIndex) {
    SplittableRandom random = Seeds.stream(seed, Seeds.PATIENT_ID, patientIndex);
    return 10 + 3 * patientIndex + random.nextInt(3);
  }

  public GradePair grades(long patientIndex) {
    return grades.sample(seed, patientIndex);
  }

  /** The label rows of one patient, left eye first, in the Kaggle {@code image,level} form. */
  public List<Label> labels(long patientIndex) {
    GradePair pair = grades(patientIndex);
    long id = patientId(patientIndex);
    return List.of(new Label(id + "_left", pair.left()), new Label(id + "_right", pair.right()));
  }

  /** The plan of one image, with the patient's sampled grade. */
  public EyeSpec spec(long patientIndex, Side side) {
    return planner.plan(patientIndex, patientId(patientIndex), side, grades(patientIndex).of(side));
  }

  /** The image file's name, e.g. {@code 10_left.jpeg}. */
  public String fileName(long patientIndex, Side side) {
    return patientId(patientIndex) + "_" + side.label() + ".jpeg";
  }

  /** The JPEG bytes of one image. */
  public byte[] jpeg(long patientIndex, Side side, int quality) {
    return FundusPainter.paintJpeg(spec(patientIndex, side), quality);
  }

  /** One row of {@code trainLabels.csv}: image name without extension, and its grade. */
  public record Label(String image, int level) {
    public String csvLine() {
      return image + "," + level;
    }
  }
}
