package org.drgrade.model;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a preprocessed PNG into the network's layout: float CHW in R, G, B order, values 0-255.
 */
public final class PngPixels {
  private PngPixels() {}

  public static float[] chw(byte[] png, int expectedSize) {
    try (BytePointer data = new BytePointer(png);
        Mat encoded = new Mat(1, png.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
        Mat bgr = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR)) {
      if (bgr.empty() || bgr.rows() != expectedSize || bgr.cols() != expectedSize) {
        throw new IllegalArgumentException(
            "preprocessed image is "
                + bgr.cols()
                + "x"
                + bgr.rows()
                + ", expected "
                + expectedSize
                + "x"
                + expectedSize
                + " (does drgrade.preprocess.size match?)");
      }
      int plane = expectedSize * expectedSize;
      float[] out = new float[3 * plane];
      try (UByteIndexer idx = bgr.createIndexer()) {
        for (int y = 0; y < expectedSize; y++) {
          for (int x = 0; x < expectedSize; x++) {
            int p = y * expectedSize + x;
            out[p] = idx.get(y, x, 2); // OpenCV stores B, G, R
            out[plane + p] = idx.get(y, x, 1);
            out[2 * plane + p] = idx.get(y, x, 0);
          }
        }
      }
      return out;
    }
  }
}
