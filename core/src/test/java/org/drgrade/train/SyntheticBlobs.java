package org.drgrade.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.drgrade.engine.Minibatch;
import org.drgrade.model.Augmenter;

/**
 * A toy grading task: an image of grade k holds k bright 8x8 squares on a noisy dark background, so
 * the grade is learnable but not from a single pixel.
 */
final class SyntheticBlobs {
  static final int CHANNELS = 3;
  private static final int BLOB = 8;

  final int size;
  final List<float[]> images = new ArrayList<>();
  final int[] grades;

  /**
   * {@code count} images of side {@code size}, grades cycling 0..4; blobs stay 8 px from the edges.
   */
  SyntheticBlobs(int count, int size, long seed) {
    this.size = size;
    this.grades = new int[count];
    Random random = new Random(seed);
    for (int n = 0; n < count; n++) {
      grades[n] = n % 5;
      float[] image = new float[CHANNELS * size * size];
      for (int i = 0; i < image.length; i++) {
        image[i] = 0.2f * random.nextFloat();
      }
      for (int b = 0; b < grades[n]; b++) {
        int top = BLOB + random.nextInt(size - 3 * BLOB);
        int left = BLOB + random.nextInt(size - 3 * BLOB);
        for (int c = 0; c < CHANNELS; c++) {
          for (int y = top; y < top + BLOB; y++) {
            for (int x = left; x < left + BLOB; x++) {
              image[(c * size + y) * size + x] = 1f;
            }
          }
        }
      }
      images.add(image);
    }
  }

  /** Minibatches of augmented views of all images for one round (epoch). */
  Iterator<Minibatch> batches(Augmenter augmenter, int round, int batchSize, boolean random) {
    List<Minibatch> batches = new ArrayList<>();
    for (int start = 0; start < images.size(); start += batchSize) {
      int end = Math.min(images.size(), start + batchSize);
      List<float[]> views = new ArrayList<>();
      int[] batchGrades = new int[end - start];
      for (int n = start; n < end; n++) {
        views.add(
            random ? augmenter.random(images.get(n), n, round) : augmenter.center(images.get(n)));
        batchGrades[n - start] = grades[n];
      }
      batches.add(Minibatch.of(views, batchGrades, CHANNELS, augmenter.cropSize()));
    }
    return batches.iterator();
  }
}
