package org.drgrade.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel mean and standard deviation over the training set (docs/method.md, Preprocessing),
 * used to standardise every network input to mean ~0, std ~1 per channel.
 */
public record Standardisation(float[] mean, float[] std) implements Serializable {

  public Standardisation {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "mean " + mean.length + " and std " + std.length + " values");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** From merged channel state (R, G, B), which train takes over its training images only. */
  public static Standardisation of(org.drgrade.preprocess.ChannelStats stats) {
    if (stats.count() == 0) {
      throw new IllegalStateException(
          "channel statistics are empty: no labelled preprocessed images");
    }
    double[] mean = stats.mean();
    double[] std = stats.std();
    return new Standardisation(
        new float[] {(float) mean[0], (float) mean[1], (float) mean[2]},
        new float[] {(float) std[0], (float) std[1], (float) std[2]});
  }

  /** Leaves values unchanged: mean 0, std 1 for each channel. */
  public static Standardisation identity(int channels) {
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Standardisation(new float[channels], ones);
  }

  public int channels() {
    return mean.length;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardisation other
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Standardisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
