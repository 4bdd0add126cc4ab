package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_imgproc.calcHist;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Per-channel histogram equalisation over the eye only (docs/method.md, Preprocessing).
 *
 * <p>Each of B, G, R gets its own lookup table v -> round(255 * (cdf(v) - cdf_min) / (n -
 * cdf_min)), OpenCV's equalizeHist formula, which makes the output CDF as close to linear as a
 * monotone remap of discrete levels can. The histogram is taken under the eye mask: in a
 * letterboxed fundus 30-50 % of the pixels are black padding or border, and counting them would
 * spend a third of the output range on black. Pixels outside the mask are set to 0 so the border
 * stays black whatever the table does to low levels.
 */
public final class HistogramEqualizer {

  private static final Scalar BLACK = Scalar.all(0);

  private HistogramEqualizer() {}

  /** A new image: {@code bgr} equalised per channel inside {@code mask}, black outside it. */
  public static Mat equalize(Mat bgr, Mat mask) {
    Mat out = new Mat(bgr.rows(), bgr.cols(), CV_8UC3, BLACK);
    try (Mat table = new Mat(1, 256, CV_8UC3);
        Mat remapped = new Mat()) {
      try (UByteIndexer lut = table.createIndexer()) {
        for (int channel = 0; channel < 3; channel++) {
          int[] levels = equalisingTable(histogram(bgr, mask, channel));
          for (int v = 0; v < 256; v++) lut.put(0, v, channel, levels[v]);
        }
      }
      LUT(bgr, table, remapped);
      remapped.copyTo(out, mask);
    }
    return out;
  }

  /** Pixel counts per level of one channel, under the mask. */
  static long[] histogram(Mat bgr, Mat mask, int channel) {
    long[] counts = new long[256];
    try (Mat hist = new Mat()) {
      calcHist(bgr, 1, new int[] {channel}, mask, hist, 1, new int[] {256}, new float[] {0, 256});
      try (FloatIndexer h = hist.createIndexer()) {
        for (int v = 0; v < 256; v++) counts[v] = Math.round(h.get(v));
      }
    }
    return counts;
  }

  /** The equalising table of one channel; the identity when the mask holds a single level. */
  static int[] equalisingTable(long[] counts) {
    long total = 0;
    for (long c : counts) total += c;
    long cdfMin = 0;
    for (long c : counts) {
      if (c > 0) {
        cdfMin = c;
        break;
      }
    }
    int[] table = new int[256];
    long cdf = 0;
    for (int v = 0; v < 256; v++) {
      cdf += counts[v];
      table[v] =
          total == cdfMin
              ? v
              : (int) Math.round(255.0 * Math.max(0, cdf - cdfMin) / (total - cdfMin));
    }
    return table;
  }
}
