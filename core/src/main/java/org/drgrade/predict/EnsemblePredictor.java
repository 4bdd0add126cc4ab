package org.drgrade.predict;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.grading.Grades;
import org.drgrade.model.Augmenter;
import org.drgrade.model.PngPixels;

/**
 * The model's prediction for a minibatch of preprocessed images, without Spark: the mean of the
 * softmax outputs over T augmented views (random crop + flips, a pure function of seed, image name
 * and view index) and the K networks. Not thread-safe (the networks are not).
 */
public final class EnsemblePredictor {
  private final List<GradingNetwork> nets;
  private final List<Augmenter> augmenters;
  private final int sourceSize;
  private final int augmentations;

  public EnsemblePredictor(
      List<GradingNetwork> nets, Augmenter augmenter, int sourceSize, int augmentations) {
    this(nets, java.util.Collections.nCopies(nets.size(), augmenter), sourceSize, augmentations);
  }

  /**
   * @param augmenters each network's own views (a cross-validated model's networks are standardised
   *     with their fold's training statistics), in the order of {@code nets}
   */
  public EnsemblePredictor(
      List<GradingNetwork> nets, List<Augmenter> augmenters, int sourceSize, int augmentations) {
    if (nets.isEmpty() || augmentations < 1) {
      throw new IllegalArgumentException(
          nets.size() + " networks x " + augmentations + " views: need at least one of each");
    }
    if (augmenters.size() != nets.size()) {
      throw new IllegalArgumentException(
          augmenters.size() + " augmenters for " + nets.size() + " networks");
    }
    this.nets = List.copyOf(nets);
    this.augmenters = List.copyOf(augmenters);
    this.sourceSize = sourceSize;
    this.augmentations = augmentations;
  }

  /**
   * One distribution per image, from the preprocessed PNGs and the image names (which seed the
   * views).
   */
  public double[][] predict(List<byte[]> pngs, List<String> images) {
    List<float[]> pixels = pngs.stream().map(png -> PngPixels.chw(png, sourceSize)).toList();
    double[][] sum = new double[pngs.size()][Grades.COUNT];
    for (int t = 0; t < augmentations; t++) {
      // Networks that share an augmenter share its views: made once per view index.
      Map<Augmenter, Minibatch> features = new IdentityHashMap<>();
      for (int n = 0; n < nets.size(); n++) {
        Augmenter augmenter = augmenters.get(n);
        int view = t;
        Minibatch batch =
            features.computeIfAbsent(
                augmenter,
                a -> {
                  List<float[]> views = new ArrayList<>(pngs.size());
                  for (int i = 0; i < pngs.size(); i++) {
                    views.add(a.random(pixels.get(i), imageKey(images.get(i)), view));
                  }
                  return Minibatch.of(views, null, 3, a.cropSize());
                });
        float[][] p = nets.get(n).predict(batch);
        for (int i = 0; i < p.length; i++) {
          for (int k = 0; k < Grades.COUNT; k++) {
            sum[i][k] += p[i][k];
          }
        }
      }
    }
    double views = (double) augmentations * nets.size();
    for (double[] row : sum) {
      for (int k = 0; k < Grades.COUNT; k++) {
        row[k] /= views;
      }
    }
    return sum;
  }

  /**
   * A stable key per image name; a different seed stream from training's (views differ from
   * epochs').
   */
  static long imageKey(String image) {
    return image.hashCode() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }
}
