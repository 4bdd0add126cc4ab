package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.sumElems;

import java.io.Serializable;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Mergeable per-channel sums for the training-set standardisation (docs/method.md, Preprocessing):
 * Spark folds one per image and merges them in a tree; mean and std come out at the end.
 *
 * <p>Channels are in R, G, B order. Only eye pixels count (the mask the equaliser used): the black
 * padding is a constant whose share depends on each camera's aspect ratio, so counting it would
 * make the statistics describe the cameras rather than the retinas. Sums of 8-bit levels are exact
 * in a double up to 2^53 / 255^2 ~ 1.4e11 pixels, far beyond 90k x 512^2.
 */
public final class ChannelStats implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long count;
  private final double[] sum;
  private final double[] sumSq;

  public ChannelStats(long count, double[] sum, double[] sumSq) {
    if (sum.length != 3 || sumSq.length != 3) throw new IllegalArgumentException("need 3 channels");
    this.count = count;
    this.sum = sum.clone();
    this.sumSq = sumSq.clone();
  }

  public static ChannelStats empty() {
    return new ChannelStats(0, new double[3], new double[3]);
  }

  /**
   * Stats of the pixels of a BGR image under {@code mask}; the image must be 0 outside the mask.
   */
  public static ChannelStats ofMasked(Mat bgrZeroOutsideMask, Mat mask) {
    try (Mat asFloat = new Mat();
        Mat squares = new Mat()) {
      // Float squares of 8-bit levels (<= 65025) are exact; sumElems accumulates in double.
      bgrZeroOutsideMask.convertTo(asFloat, CV_32F);
      multiply(asFloat, asFloat, squares);
      try (Scalar s = sumElems(asFloat);
          Scalar sq = sumElems(squares)) {
        return new ChannelStats(
            countNonZero(mask),
            new double[] {s.get(2), s.get(1), s.get(0)},
            new double[] {sq.get(2), sq.get(1), sq.get(0)});
      }
    }
  }

  public ChannelStats merge(ChannelStats other) {
    double[] s = new double[3];
    double[] sq = new double[3];
    for (int c = 0; c < 3; c++) {
      s[c] = sum[c] + other.sum[c];
      sq[c] = sumSq[c] + other.sumSq[c];
    }
    return new ChannelStats(count + other.count, s, sq);
  }

  public long count() {
    return count;
  }

  public double[] sum() {
    return sum.clone();
  }

  public double[] sumSq() {
    return sumSq.clone();
  }

  /** Mean level per channel (R, G, B); NaN when empty. */
  public double[] mean() {
    double[] m = new double[3];
    for (int c = 0; c < 3; c++) m[c] = sum[c] / count;
    return m;
  }

  /** Population standard deviation per channel (R, G, B), from E[x^2] - E[x]^2. */
  public double[] std() {
    double[] sd = new double[3];
    for (int c = 0; c < 3; c++) {
      double mean = sum[c] / count;
      sd[c] = Math.sqrt(Math.max(0, sumSq[c] / count - mean * mean));
    }
    return sd;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelStats other
        && count == other.count
        && Arrays.equals(sum, other.sum)
        && Arrays.equals(sumSq, other.sumSq);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Arrays.hashCode(sum) * 17 + Arrays.hashCode(sumSq);
  }

  @Override
  public String toString() {
    return "ChannelStats[count="
        + count
        + ", mean="
        + Arrays.toString(mean())
        + ", std="
        + Arrays.toString(std())
        + "]";
  }
}
