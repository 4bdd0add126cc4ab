package org.drgrade.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.drgrade.Side;
import org.drgrade.ingest.ImageName;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;

/**
 * The issue-7 corpus of bad inputs, generated on the fly (no committed binaries): every way an
 * image file or a labels file has been seen to go wrong, each under its own image name, next to
 * enough good generated eyes for training to run. {@link #write} lays it out and returns what each
 * input is, so a test can assert one outcome per case.
 */
public final class BadInputCorpus {
  /** Good labelled patients (both eyes) that the pipeline's later stages train and predict on. */
  public static final int GOOD_PATIENTS = 8;

  private final SynthDataset synth = new SynthDataset(2015, SizeProfile.parse("small"));
  private final Random random = new Random(7);

  /**
   * One corpus entry: the file (relative to the images folder), what it is, and its label ("" =
   * none).
   */
  public record Case(String file, String what, String level) {}

  /**
   * Writes images/ and three labels files under {@code root}; returns the image cases by file name.
   */
  public Map<String, Case> write(Path root) throws IOException {
    Path images = Files.createDirectories(root.resolve("images"));
    Map<String, Case> cases = new LinkedHashMap<>();
    for (int p = 0; p < GOOD_PATIENTS; p++) {
      for (Side side : Side.values()) {
        put(
            images,
            cases,
            synth.fileName(p, side),
            "good eye",
            String.valueOf(synth.labels(p).get(side.ordinal()).level()),
            synth.jpeg(p, side, 90));
      }
    }
    byte[] eye = synth.jpeg(20, Side.LEFT, 90);
    put(images, cases, "100_left.jpeg", "zero-byte file", "1", new byte[0]);
    put(
        images,
        cases,
        "101_left.jpeg",
        "text file named .jpeg",
        "1",
        "patient notes, not a photograph\n".getBytes(StandardCharsets.UTF_8));
    put(
        images,
        cases,
        "102_left.jpeg",
        "truncated JPEG (half the bytes)",
        "1",
        Arrays.copyOf(eye, eye.length / 2));
    put(images, cases, "103_left.jpeg", "JPEG with a corrupt scan", "1", corruptScan(eye));
    put(images, cases, "104_left.png", "PNG with alpha", "1", pngWithAlpha(eye));
    put(images, cases, "105_left.png", "16-bit PNG", "1", png16(eye));
    put(images, cases, "106_left.jpeg", "grayscale JPEG", "1", grayscale(eye));
    put(images, cases, "107_left.jpeg", "CMYK JPEG", "1", cmyk(eye));
    put(
        images,
        cases,
        "108_left.jpeg",
        "EXIF-rotated JPEG (orientation 6)",
        "1",
        withExifOrientation(eye, 6));
    put(images, cases, "109_left.jpeg", "1x1 image", "1", TestImages.solid(1, 1, 128, "jpg"));
    put(images, cases, "110_left.jpeg", "20x20 image", "1", TestImages.disc(20, 20, "jpg"));
    put(
        images,
        cases,
        "111_left.png",
        "decompression bomb (PNG declaring 60000x60000)",
        "1",
        TestImages.pngDeclaring(60000, 60000));
    put(
        images,
        cases,
        "112_left.jpeg",
        "decompression bomb (JPEG declaring 60000x60000)",
        "1",
        jpegDeclaring(eye, 60000, 60000));
    put(
        images,
        cases,
        "113_left.jpeg",
        "all-black image",
        "1",
        TestImages.solid(400, 300, 0, "jpg"));
    put(
        images,
        cases,
        "114_left.jpeg",
        "all-white image",
        "1",
        TestImages.solid(400, 300, 255, "jpg"));
    put(images, cases, "115_left.jpeg", "random noise, no fundus", "1", noise(400, 300));
    put(
        images,
        cases,
        "fundus_scan.jpeg",
        "name matching no patient/side form (a one-eye patient)",
        "",
        eye);
    put(
        images,
        cases,
        "116_left.jpeg",
        "patient with only one eye",
        "2",
        synth.jpeg(21, Side.LEFT, 90));
    put(images, cases, "117_left.jpeg", "label -1", "-1", synth.jpeg(22, Side.LEFT, 90));
    put(images, cases, "117_right.jpeg", "label 5", "5", synth.jpeg(22, Side.RIGHT, 90));
    put(images, cases, "118_left.jpeg", "label 2.5", "2.5", synth.jpeg(23, Side.LEFT, 90));
    put(images, cases, "118_right.jpeg", "label abc", "abc", synth.jpeg(23, Side.RIGHT, 90));
    put(
        images,
        cases,
        "119_left.jpeg",
        "identical duplicate label rows",
        "0",
        synth.jpeg(24, Side.LEFT, 90));
    put(
        images,
        cases,
        "119_right.jpeg",
        "conflicting duplicate label rows",
        "0",
        synth.jpeg(24, Side.RIGHT, 90));
    put(
        images,
        cases,
        "120_left.jpeg",
        "label in a headerless labels file",
        "",
        synth.jpeg(25, Side.LEFT, 90));
    put(
        images,
        cases,
        "120_right.jpeg",
        "label in a headerless labels file",
        "",
        synth.jpeg(25, Side.RIGHT, 90));
    Files.createDirectories(
        images.resolve("121_left.jpeg")); // a directory named like an image: not a file
    // Issue 14: readable images that were refused, and bad ones that must name their true reason.
    // Their labels are in a ';'-separated file, as a European spreadsheet exports it.
    Map<String, String> europe = new LinkedHashMap<>();
    europe.put("fundus_scan.jpeg", "1");
    europeCase(
        images,
        cases,
        europe,
        "304 left.jpeg",
        "space in the name",
        "2",
        synth.jpeg(26, Side.LEFT, 90));
    europeCase(
        images,
        cases,
        europe,
        "305_left #2%.jpeg",
        "#, % in the name (a one-eye patient)",
        "0",
        synth.jpeg(27, Side.LEFT, 90));
    europeCase(
        images,
        cases,
        europe,
        "Œil+306_right.jpeg",
        "non-ASCII and + in the name",
        "1",
        synth.jpeg(28, Side.RIGHT, 90));
    europeCase(
        images,
        cases,
        europe,
        "130_left.jpeg",
        "JPEG followed by 10 kB of vendor data",
        "1",
        concat(synth.jpeg(29, Side.LEFT, 90), randomBytes(10_000)));
    europeCase(
        images,
        cases,
        europe,
        "131_left.tif",
        "TIFF",
        "0",
        encode(decode(synth.jpeg(30, Side.LEFT, 90)), ".tif"));
    europeCase(
        images,
        cases,
        europe,
        "131_right.bmp",
        "BMP",
        "0",
        encode(decode(synth.jpeg(30, Side.RIGHT, 90)), ".bmp"));
    europeCase(
        images,
        cases,
        europe,
        "132_left.webp",
        "WebP",
        "2",
        encode(decode(synth.jpeg(31, Side.LEFT, 90)), ".webp"));
    europeCase(images, cases, europe, "133_left.jpeg", "GIF bytes named .jpeg", "1", gif());
    europeCase(
        images,
        cases,
        europe,
        "134_left.gif",
        "a .gif file (extension not configured)",
        "1",
        gif());
    byte[] cut = Arrays.copyOf(synth.jpeg(32, Side.LEFT, 90), 3 * eye.length / 4);
    europeCase(
        images,
        cases,
        europe,
        "135_left.jpeg",
        "JPEG cut at 3/4, then zero padding",
        "1",
        concat(cut, new byte[4096]));
    StringBuilder semicolons = new StringBuilder("image;level\r\n");
    europe.forEach(
        (file, level) ->
            semicolons.append(ImageName.stem(file)).append(';').append(level).append("\r\n"));
    Files.writeString(root.resolve("europeLabels.csv"), semicolons.toString());

    // Main labels: UTF-8 BOM, CRLF, reordered and extra columns, a blank line, duplicate and
    // conflicting
    // rows, and rows naming images that do not exist.
    StringBuilder csv = new StringBuilder("\uFEFFlevel,image,camera\r\n");
    for (Case c : cases.values()) {
      if (!c.level().isEmpty()) {
        csv.append(c.level()).append(',').append(ImageName.stem(c.file())).append(",canon\r\n");
      }
    }
    csv.append(
        "\r\n0,119_left,canon\r\n3,119_right,canon\r\n1,998_left,canon\r\n4,998_right,canon\r\n");
    Files.writeString(root.resolve("trainLabels.csv"), csv.toString());
    Files.writeString(root.resolve("extraLabels.csv"), "120_left,2\n120_right,3\n");
    return cases;
  }

  private static void europeCase(
      Path images,
      Map<String, Case> cases,
      Map<String, String> europe,
      String file,
      String what,
      String level,
      byte[] bytes)
      throws IOException {
    put(images, cases, file, what, "", bytes);
    europe.put(file, level);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] gif() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(
          new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED),
          "gif",
          out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void put(
      Path images, Map<String, Case> cases, String file, String what, String level, byte[] bytes)
      throws IOException {
    Files.write(images.resolve(file), bytes);
    cases.put(file, new Case(file, what, level));
  }

  /** Garbage (no 0xFF, so no false markers) over the middle third of the entropy-coded scan. */
  private byte[] corruptScan(byte[] jpeg) {
    byte[] out = jpeg.clone();
    int sos = markerOffset(out, 0xDA);
    int scanStart = sos + 2 + (((out[sos + 2] & 0xFF) << 8) | (out[sos + 3] & 0xFF));
    int scanLength = out.length - 2 - scanStart;
    for (int i = scanStart + scanLength / 3; i < scanStart + 2 * scanLength / 3; i++) {
      out[i] = (byte) random.nextInt(0xFF);
    }
    return out;
  }

  /**
   * Patches the SOF0 frame header's height and width: a small valid file declaring a huge image.
   */
  private static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    int sof = markerOffset(out, 0xC0);
    ByteBuffer.wrap(out, sof + 5, 4).putShort((short) height).putShort((short) width);
    return out;
  }

  /** Offset of the first FF xx marker with the given code (scanning the header segments only). */
  private static int markerOffset(byte[] jpeg, int code) {
    int i = 2;
    while (i + 3 < jpeg.length) {
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == code) {
        return i;
      }
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    throw new IllegalArgumentException("no marker FF" + Integer.toHexString(code));
  }

  /** An APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) inserted after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.put(new byte[] {'M', 'M', 0, 42})
        .putInt(8)
        .putShort((short) 1)
        .putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0)
        .putInt(0);
    byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
    int segmentLength = 2 + exifHeader.length + tiff.capacity();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(
        new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (segmentLength >> 8), (byte) segmentLength});
    out.writeBytes(exifHeader);
    out.writeBytes(tiff.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static Mat decode(byte[] jpeg) {
    try (BytePointer p = new BytePointer(jpeg);
        Mat buf = new Mat(1, jpeg.length, CV_8UC1, p)) {
      return imdecode(buf, IMREAD_COLOR);
    }
  }

  private static byte[] encode(Mat img, String ext) {
    try (BytePointer buf = new BytePointer()) {
      imencode(ext, img, buf);
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  /** Alpha 255 over the eye, 0 over the black border (as an exported, masked photo has). */
  private static byte[] pngWithAlpha(byte[] jpeg) {
    try (Mat bgr = decode(jpeg);
        Mat bgra = new Mat();
        Mat gray = new Mat()) {
      cvtColor(bgr, bgra, COLOR_BGR2BGRA);
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      UByteIndexer alpha = bgra.createIndexer();
      UByteIndexer g = gray.createIndexer();
      for (int y = 0; y < bgr.rows(); y++) {
        for (int x = 0; x < bgr.cols(); x++) {
          alpha.put(y, x, 3, g.get(y, x) > 10 ? 255 : 0);
        }
      }
      return encode(bgra, ".png");
    }
  }

  private static byte[] png16(byte[] jpeg) {
    try (Mat bgr = decode(jpeg);
        Mat wide = new Mat()) {
      bgr.convertTo(wide, CV_16UC3, 257, 0);
      return encode(wide, ".png");
    }
  }

  private static byte[] grayscale(byte[] jpeg) {
    try (Mat bgr = decode(jpeg);
        Mat gray = new Mat()) {
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      return encode(gray, ".jpg");
    }
  }

  /**
   * A four-component JPEG from a raw raster (ImageIO writes no JFIF marker for it), holding
   * inverted CMYK as Photoshop and most CMYK exporters store it: 255 - C = R, 255 - M = G, 255 - Y
   * = B, 255 - K = 255.
   */
  private static byte[] cmyk(byte[] jpeg) {
    try (Mat bgr = decode(jpeg)) {
      UByteIndexer px = bgr.createIndexer();
      WritableRaster raster =
          Raster.createBandedRaster(DataBuffer.TYPE_BYTE, bgr.cols(), bgr.rows(), 4, null);
      for (int y = 0; y < bgr.rows(); y++) {
        for (int x = 0; x < bgr.cols(); x++) {
          raster.setPixel(x, y, new int[] {px.get(y, x, 2), px.get(y, x, 1), px.get(y, x, 0), 255});
        }
      }
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(raster, null, null), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        writer.dispose();
      }
      return out.toByteArray();
    }
  }

  private byte[] noise(int width, int height) {
    try (Mat img = new Mat(height, width, CV_8UC3)) {
      UByteIndexer px = img.createIndexer();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++) {
            px.put(y, x, c, random.nextInt(256));
          }
        }
      }
      return encode(img, ".jpg");
    }
  }
}
