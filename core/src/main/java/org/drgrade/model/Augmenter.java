package org.drgrade.model;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.drgrade.random.SeedMixer;

/**
 * Turns a preprocessed CHW float image (channels x sourceSize x sourceSize, e.g. 3x512x512) into a
 * standardised network input of channels x cropSize x cropSize (docs/method.md, Training). Training
 * and test-time views are a random crop plus independent horizontal and vertical flips (p = 0.5
 * each); the evaluation view is the unflipped centre crop.
 *
 * <p>Random views are a pure function of (seed, image key, round): the same image gets the same
 * view again in a rerun or on another executor, and a new one in each epoch (round = epoch) or
 * test-time repetition (round = repetition), however the data is partitioned.
 */
public final class Augmenter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int sourceSize;
  private final int cropSize;
  private final Standardisation stats;
  private final long seed;

  public Augmenter(int sourceSize, int cropSize, Standardisation stats, long seed) {
    if (cropSize < 1 || cropSize > sourceSize) {
      throw new IllegalArgumentException("crop " + cropSize + " of source " + sourceSize);
    }
    this.sourceSize = sourceSize;
    this.cropSize = cropSize;
    this.stats = stats;
    this.seed = seed;
  }

  public int cropSize() {
    return cropSize;
  }

  /** The random view of image {@code imageKey} in {@code round} (e.g. the epoch). */
  public CropView randomView(long imageKey, int round) {
    SplittableRandom random = new SplittableRandom(mix(mix(seed ^ mix(imageKey)) ^ round));
    int span = sourceSize - cropSize + 1;
    return new CropView(
        random.nextInt(span),
        random.nextInt(span),
        cropSize,
        random.nextBoolean(),
        random.nextBoolean());
  }

  /** The centred, unflipped view used for plain evaluation. */
  public CropView centerView() {
    int offset = (sourceSize - cropSize) / 2;
    return new CropView(offset, offset, cropSize, false, false);
  }

  /** {@link #apply} of {@link #randomView}. */
  public float[] random(float[] chw, long imageKey, int round) {
    return apply(chw, randomView(imageKey, round));
  }

  /** {@link #apply} of {@link #centerView}. */
  public float[] center(float[] chw) {
    return apply(chw, centerView());
  }

  /** Crops, flips and standardises {@code chw}; returns a new CHW array of the crop size. */
  public float[] apply(float[] chw, CropView view) {
    int channels = stats.channels();
    if (chw.length != channels * sourceSize * sourceSize) {
      throw new IllegalArgumentException(
          "image has "
              + chw.length
              + " values, expected "
              + channels
              + "x"
              + sourceSize
              + "x"
              + sourceSize);
    }
    if (view.size() != cropSize
        || view.top() + cropSize > sourceSize
        || view.left() + cropSize > sourceSize) {
      throw new IllegalArgumentException(view + " does not fit " + sourceSize + " -> " + cropSize);
    }
    float[] mean = stats.mean();
    float[] std = stats.std();
    float[] out = new float[channels * cropSize * cropSize];
    int o = 0;
    for (int c = 0; c < channels; c++) {
      float shift = mean[c];
      float scale = 1f / std[c];
      for (int y = 0; y < cropSize; y++) {
        int sourceY = view.top() + (view.flipVertical() ? cropSize - 1 - y : y);
        int rowStart = (c * sourceSize + sourceY) * sourceSize + view.left();
        for (int x = 0; x < cropSize; x++) {
          int sourceX = view.flipHorizontal() ? cropSize - 1 - x : x;
          out[o++] = (chw[rowStart + sourceX] - shift) * scale;
        }
      }
    }
    return out;
  }

  /** Spreads nearby keys and rounds over unrelated seeds. */
  private static long mix(long z) {
    return SeedMixer.mix(z);
  }
}
