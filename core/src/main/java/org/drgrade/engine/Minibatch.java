package org.drgrade.engine;

import java.io.Serializable;
import java.util.List;
import org.drgrade.grading.Grades;

/**
 * One minibatch as either engine takes it: images flattened [N, channels, size, size] in row-major
 * order, and their grades (or none, for prediction). Plain arrays, so Spark moves it without
 * knowing which engine will read it. A class, not a record: Spark's Kryo cannot build records.
 */
public final class Minibatch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] features;
  private final int[] grades;
  private final int size;
  private final int channels;

  public Minibatch(float[] features, int[] grades, int size, int channels) {
    if (size < 1 || channels < 1) {
      throw new IllegalArgumentException("size " + size + ", channels " + channels);
    }
    int perImage = channels * size * size;
    if (features.length % perImage != 0) {
      throw new IllegalArgumentException(
          features.length + " values are not a whole number of " + perImage + "-value images");
    }
    if (grades != null && grades.length != features.length / perImage) {
      throw new IllegalArgumentException(
          grades.length + " grades for " + features.length / perImage + " images");
    }
    this.features = features;
    this.grades = grades;
    this.size = size;
    this.channels = channels;
  }

  public float[] features() {
    return features;
  }

  /** The grades, or null for prediction. */
  public int[] grades() {
    return grades;
  }

  public int size() {
    return size;
  }

  public int channels() {
    return channels;
  }

  /**
   * Packs CHW images (each channels x size x size) with their grades; {@code grades} may be null.
   */
  public static Minibatch of(List<float[]> images, int[] grades, int channels, int size) {
    int perImage = channels * size * size;
    float[] flat = new float[images.size() * perImage];
    for (int n = 0; n < images.size(); n++) {
      float[] image = images.get(n);
      if (image.length != perImage) {
        throw new IllegalArgumentException(
            "image %d has %d values, expected %dx%dx%d"
                .formatted(n, image.length, channels, size, size));
      }
      System.arraycopy(image, 0, flat, n * perImage, perImage);
    }
    if (grades != null) {
      for (int g : grades) {
        Grades.requireValid(g);
      }
    }
    return new Minibatch(flat, grades, size, channels);
  }

  public int count() {
    return features.length / (channels * size * size);
  }
}
