package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.vconcat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ChannelStatsTest {

  @Test
  void mergeEqualsTheStatsOfTheUnionAndSurvivesSerialization() throws Exception {
    try (Mat a = masked(100, 120, 7);
        Mat maskA = mask(100, 120, 7);
        Mat b = masked(60, 120, 11);
        Mat maskB = mask(60, 120, 11);
        Mat both = new Mat();
        Mat bothMask = new Mat()) {
      vconcat(a, b, both);
      vconcat(maskA, maskB, bothMask);
      ChannelStats merged = ChannelStats.ofMasked(a, maskA).merge(ChannelStats.ofMasked(b, maskB));
      ChannelStats union = ChannelStats.ofMasked(both, bothMask);
      assertEquals(union, merged);
      assertArrayEquals(union.mean(), merged.mean(), 1e-9);
      assertArrayEquals(union.std(), merged.std(), 1e-9);
      assertEquals(merged, ChannelStats.empty().merge(merged));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(merged);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(merged, in.readObject());
      }
    }
  }

  /**
   * As Spark computes them: one ChannelStats per image, folded within each partition and merged
   * across partitions in whatever grouping the tree aggregate picks. Every split and order must
   * give exactly the single pass over all images at once (sums of 8-bit levels are exact in a
   * double), so the tolerance is zero.
   */
  @Test
  void statsMergedAcrossPartitionsEqualTheSinglePassResult() {
    int images = 12;
    List<Mat> pixels = new ArrayList<>();
    List<Mat> masks = new ArrayList<>();
    List<ChannelStats> perImage = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      pixels.add(masked(40 + 7 * i, 90, 3 + i));
      masks.add(mask(40 + 7 * i, 90, 3 + i));
      perImage.add(ChannelStats.ofMasked(pixels.get(i), masks.get(i)));
    }
    try (MatVector allPixels = new MatVector(pixels.toArray(Mat[]::new));
        MatVector allMasks = new MatVector(masks.toArray(Mat[]::new));
        Mat stacked = new Mat();
        Mat stackedMask = new Mat()) {
      vconcat(allPixels, stacked);
      vconcat(allMasks, stackedMask);
      ChannelStats singlePass = ChannelStats.ofMasked(stacked, stackedMask);
      for (int partitions : new int[] {1, 2, 3, 5, 12}) {
        List<ChannelStats> partials = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
          ChannelStats partial = ChannelStats.empty();
          for (int i = p; i < images; i += partitions) partial = partial.merge(perImage.get(i));
          partials.add(partial);
        }
        assertEquals(singlePass, treeMerge(partials), partitions + " partitions, tree merge");
        ChannelStats reversed = ChannelStats.empty();
        for (int p = partitions - 1; p >= 0; p--) reversed = reversed.merge(partials.get(p));
        assertEquals(singlePass, reversed, partitions + " partitions, merged last to first");
      }
    } finally {
      pixels.forEach(Mat::close);
      masks.forEach(Mat::close);
    }
  }

  /** Pairwise merging, level by level, as Spark's treeAggregate does. */
  private static ChannelStats treeMerge(List<ChannelStats> level) {
    while (level.size() > 1) {
      List<ChannelStats> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? level.get(i).merge(level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }

  @Test
  void meanAndStdMatchADirectComputationInRgbOrder() {
    // B, G, R = 10, 20, 30 on half the pixels, 30, 40, 50 on the rest
    try (Mat top = new Mat(1, 2, CV_8UC3, new Scalar(10, 20, 30, 0));
        Mat bottom = new Mat(1, 2, CV_8UC3, new Scalar(30, 40, 50, 0));
        Mat img = new Mat();
        Mat all = new Mat(2, 2, CV_8UC1, Scalar.all(255))) {
      vconcat(top, bottom, img);
      ChannelStats s = ChannelStats.ofMasked(img, all);
      assertEquals(4, s.count());
      assertArrayEquals(new double[] {40, 30, 20}, s.mean(), 1e-12);
      assertArrayEquals(new double[] {10, 10, 10}, s.std(), 1e-12);
    }
  }

  /** Random image, zeroed outside a seeded random mask (as the preprocessor's output is). */
  private static Mat masked(int rows, int cols, int seed) {
    Mat img = new Mat(rows, cols, CV_8UC3);
    try (Mat lo = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, Scalar.all(0));
        Mat hi = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, Scalar.all(256));
        Mat m = mask(rows, cols, seed);
        Mat out = new Mat(rows, cols, CV_8UC3, Scalar.all(0))) {
      org.bytedeco.opencv.global.opencv_core.theRNG().state(seed);
      randu(img, lo, hi);
      img.copyTo(out, m);
      out.copyTo(img);
    }
    return img;
  }

  private static Mat mask(int rows, int cols, int seed) {
    // rows from seed on are in the mask
    try (Mat off = new Mat(seed, cols, CV_8UC1, Scalar.all(0));
        Mat on = new Mat(rows - seed, cols, CV_8UC1, Scalar.all(255))) {
      Mat m = new Mat();
      vconcat(off, on, m);
      return m;
    }
  }
}
