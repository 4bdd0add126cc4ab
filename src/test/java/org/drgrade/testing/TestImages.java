package org.drgrade.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Small encoded images for tests: a plain orange disc on black, as JPEG or PNG bytes. */
public final class TestImages {
  private TestImages() {}

  public static byte[] disc(int width, int height, String ext) {
    try (Mat img = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
        BytePointer buf = new BytePointer()) {
      opencv_imgproc.circle(img, new Point(width / 2, height / 2), Math.min(width, height) * 2 / 5,
          new Scalar(40, 90, 200, 0), -1, opencv_imgproc.LINE_AA, 0);
      imencode("." + ext, img, buf);
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  public static Path write(Path dir, String name, byte[] bytes) throws java.io.IOException {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name), bytes);
  }
}
