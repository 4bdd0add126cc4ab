package org.drgrade.train;

import java.util.List;
import org.drgrade.grading.Grades;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Packs network inputs (CHW float arrays from {@link Augmenter}) into DL4J minibatches. */
public final class Batches {
  private Batches() {}

  /** Features [N, channels, size, size] and one-hot labels [N, 5] of the grades. */
  public static DataSet labelled(List<float[]> images, int[] grades, int channels, int size) {
    if (images.size() != grades.length) {
      throw new IllegalArgumentException(
          images.size() + " images but " + grades.length + " grades");
    }
    INDArray labels = Nd4j.zeros(grades.length, Grades.COUNT);
    for (int n = 0; n < grades.length; n++) {
      labels.putScalar(n, Grades.requireValid(grades[n]), 1f);
    }
    return new DataSet(features(images, channels, size), labels);
  }

  /** Features [N, channels, size, size] for prediction. */
  public static INDArray features(List<float[]> images, int channels, int size) {
    int perImage = channels * size * size;
    float[] flat = new float[images.size() * perImage];
    for (int n = 0; n < images.size(); n++) {
      float[] image = images.get(n);
      if (image.length != perImage) {
        throw new IllegalArgumentException(
            "image "
                + n
                + " has "
                + image.length
                + " values, expected "
                + channels
                + "x"
                + size
                + "x"
                + size);
      }
      System.arraycopy(image, 0, flat, n * perImage, perImage);
    }
    return Nd4j.create(flat, new long[] {images.size(), channels, size, size}, 'c');
  }
}
