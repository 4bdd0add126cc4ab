package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * An image scaled to fit a square keeping its aspect ratio, centred, padded with black
 * (docs/method.md, Preprocessing). Closing it frees the image.
 *
 * @param image the size x size result
 * @param scale output pixels per input pixel
 * @param offsetX column where the scaled input starts
 * @param offsetY row where the scaled input starts
 * @param contentWidth width of the scaled input inside the square
 * @param contentHeight height of the scaled input inside the square
 */
public record Letterbox(
    Mat image, double scale, int offsetX, int offsetY, int contentWidth, int contentHeight)
    implements AutoCloseable {

  private static final Scalar BLACK = Scalar.all(0);

  public static Letterbox fit(Mat input, int size) {
    double scale = Math.min(size / (double) input.cols(), size / (double) input.rows());
    int w = Math.max(1, Math.min(size, (int) Math.round(input.cols() * scale)));
    int h = Math.max(1, Math.min(size, (int) Math.round(input.rows() * scale)));
    // INTER_AREA averages the source pixels under each output pixel (no aliasing) when
    // shrinking; it degenerates to nearest-neighbour when enlarging, where cubic is smoother.
    int interpolation = scale < 1 ? INTER_AREA : INTER_CUBIC;
    int left = (size - w) / 2;
    int top = (size - h) / 2;
    Mat out = new Mat();
    try (Mat scaled = new Mat();
        Size target = new Size(w, h)) {
      resize(input, scaled, target, 0, 0, interpolation);
      copyMakeBorder(
          scaled, out, top, size - h - top, left, size - w - left, BORDER_CONSTANT, BLACK);
    }
    return new Letterbox(out, scale, left, top, w, h);
  }

  @Override
  public void close() {
    image.close();
  }
}
