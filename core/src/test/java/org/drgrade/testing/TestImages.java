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
      opencv_imgproc.circle(
          img,
          new Point(width / 2, height / 2),
          Math.min(width, height) * 2 / 5,
          new Scalar(40, 90, 200, 0),
          -1,
          opencv_imgproc.LINE_AA,
          0);
      imencode("." + ext, img, buf);
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  /** A single-colour image (grey level {@code level}) as encoded bytes: no eye to find in it. */
  public static byte[] solid(int width, int height, int level, String ext) {
    try (Mat img = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(level, level, level, 0));
        BytePointer buf = new BytePointer()) {
      imencode("." + ext, img, buf);
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  /**
   * A valid-looking PNG (signature, IHDR, empty IDAT, IEND, correct CRCs) that declares width x
   * height pixels in a few dozen bytes: a decompression bomb as far as any header reader knows.
   */
  public static byte[] pngDeclaring(int width, int height) {
    java.nio.ByteBuffer ihdr =
        java.nio.ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[0]);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  public static Path write(Path dir, String name, byte[] bytes) throws java.io.IOException {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name), bytes);
  }
}
