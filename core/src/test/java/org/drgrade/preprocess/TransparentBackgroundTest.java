package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_NONE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.drawContours;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.medianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * A masked export: the photograph with alpha 0 outside its round field of view and white, black or
 * noise under the transparent part. It must crop as the opaque photograph does.
 */
class TransparentBackgroundTest {

  private static final PreprocessConfig CONFIG = PreprocessConfig.defaults();

  /** Centre and radius may move by this share of the opaque photograph's radius. */
  private static final double TOLERANCE = 0.01;

  /** Red level separating the field of view from the black surround (dim rim included). */
  private static final int FIELD_LEVEL = 20;

  /** Long side of the test photographs: enough for a 512 output, quick to encode. */
  private static final int LONG_SIDE = 1200;

  private static List<Path> photographs() {
    return List.of(
        SharedData.images("eyepacs-sample").get(0),
        SharedData.images("eyepacs-sample").get(5),
        SharedData.images("srahim-dr").get(0),
        SharedData.folder("aptos-test-unlabelled").resolve("25d98da73248.png"));
  }

  @Test
  void transparentSurroundCropsAsTheOpaquePhotograph() {
    for (Path file : photographs()) {
      try (Mat photo = photograph(file)) {
        Disc opaque = cropOf(Png.encode(photo, 1), file + " opaque").disc();
        try (Mat alpha = fieldAlpha(photo)) {
          for (Map.Entry<String, Mat> under : backgrounds(photo).entrySet()) {
            try (Mat background = under.getValue();
                Mat bgra = withAlpha(photo, alpha, background)) {
              String what = file.getFileName() + " over " + under.getKey();
              Disc found = cropOf(encode(".png", bgra), what).disc();
              System.out.printf("%s: opaque %s, transparent %s%n", what, opaque, found);
              assertClose(opaque, found, what);
            }
          }
        }
      }
    }
  }

  @Test
  void otherAlphaEncodingsCropAsTheOpaquePhotograph() {
    Path file = photographs().get(0);
    try (Mat photo = photograph(file);
        Mat white = new Mat(photo.size(), CV_8UC3, Scalar.all(255))) {
      Disc opaque = cropOf(Png.encode(photo, 1), file + " opaque").disc();
      try (Mat alpha = fieldAlpha(photo);
          Mat bgra = withAlpha(photo, alpha, white);
          Mat wide = new Mat();
          Mat grey = new Mat()) {
        bgra.convertTo(wide, CV_16U, 257, 0);
        cvtColor(photo, grey, COLOR_BGR2GRAY);
        Map<String, byte[]> encodings =
            Map.of(
                "16-bit PNG", encode(".png", wide),
                "TIFF", encode(".tif", bgra),
                "lossless WebP", encode(".webp", bgra, IMWRITE_WEBP_QUALITY, 101),
                "grey+alpha PNG", greyAlphaPng(grey, alpha, 255));
        for (Map.Entry<String, byte[]> e : encodings.entrySet()) {
          String what = file.getFileName() + " as " + e.getKey() + " over white";
          Disc found = cropOf(e.getValue(), what).disc();
          System.out.printf("%s: opaque %s, transparent %s%n", what, opaque, found);
          assertClose(opaque, found, what);
        }
      }
    }
  }

  @Test
  void greyAlphaCompositesOnBlackAtEightAndSixteenBits() {
    // grey 200 under alpha 255, 128 and 0; 16 bits carry low bytes that 8 bits drop
    try (Mat eight = new Mat(1, 3, CV_8UC2);
        Mat sixteen = new Mat(1, 3, CV_16UC2)) {
      try (UByteIndexer px = eight.createIndexer();
          UShortIndexer wide = sixteen.createIndexer()) {
        int[] alphas = {255, 128, 0};
        for (int x = 0; x < 3; x++) {
          px.put(0, x, 0, 200);
          px.put(0, x, 1, alphas[x]);
          wide.put(0, x, 0, 200 * 256 + 255);
          wide.put(0, x, 1, alphas[x] * 257);
        }
      }
      for (Mat greyAlpha : List.of(eight, sixteen)) {
        try (Mat bgr = ReducedDecoder.compositeOnBlack(greyAlpha);
            UByteIndexer out = bgr.createIndexer()) {
          assertEquals(CV_8UC3, bgr.type());
          int[] expected = {200, 100, 0}; // 200 * 128 / 255 = 100.4
          for (int x = 0; x < 3; x++) {
            for (int c = 0; c < 3; c++) {
              assertEquals(expected[x], out.get(0, x, c), "depth " + greyAlpha.depth() + " x " + x);
            }
          }
        }
      }
    }
  }

  @Test
  void reducedDecodeOfATransparentSurroundIsBlackThere() {
    try (Mat photo = photograph(photographs().get(0));
        Mat alpha = fieldAlpha(photo);
        Mat white = new Mat(photo.size(), CV_8UC3, Scalar.all(255));
        Mat bgra = withAlpha(photo, alpha, white)) {
      byte[] png = encode(".png", bgra);
      try (Mat half = ReducedDecoder.decode(png, 2);
          UByteIndexer px = half.createIndexer()) {
        assertEquals(photo.cols() / 2, half.cols());
        assertEquals(photo.rows() / 2, half.rows());
        for (int c = 0; c < 3; c++) assertEquals(0, px.get(0, 0, c), "corner, channel " + c);
      }
    }
  }

  @Test
  void opaqueImagesDecodeAsImreadColor() {
    for (Path file : SharedData.images("aptos-test-unlabelled")) {
      assertSameAsImreadColor(SharedData.read(file), file.getFileName().toString());
    }
    Path jpeg = photographs().get(0);
    byte[] jpegBytes = SharedData.read(jpeg);
    for (int reduction : new int[] {1, 2, 4, 8}) {
      try (Mat ours = ReducedDecoder.decode(jpegBytes, reduction);
          Mat before = plainDecode(jpegBytes, reduction)) {
        assertIdentical(before, ours, jpeg.getFileName() + " at 1/" + reduction);
      }
    }
    try (Mat photo = photograph(jpeg);
        Mat opaque = new Mat(photo.size(), CV_8UC1, Scalar.all(255));
        Mat bgra = withAlpha(photo, opaque, photo);
        Mat wide = new Mat();
        Mat lowBits = new Mat(photo.rows(), photo.cols(), photo.type());
        Mat grey = new Mat()) {
      // low bytes that differ per pixel, so 16 to 8 bits must drop them as IMREAD_COLOR does
      fillWithNoise(lowBits, 7);
      try (Mat wideColour = new Mat();
          Mat wideLow = new Mat()) {
        photo.convertTo(wideColour, CV_16U, 256, 0);
        lowBits.convertTo(wideLow, CV_16U);
        add(wideColour, wideLow, wideColour);
        try (MatVector planes = new MatVector();
            Mat fullAlpha = new Mat(photo.size(), CV_16U, Scalar.all(65535))) {
          split(wideColour, planes);
          planes.push_back(fullAlpha);
          merge(planes, wide);
        }
      }
      cvtColor(photo, grey, COLOR_BGR2GRAY);
      Map<String, byte[]> encodings =
          Map.of(
              "8-bit BGR PNG", encode(".png", photo),
              "8-bit opaque BGRA PNG", encode(".png", bgra),
              "16-bit opaque BGRA PNG", encode(".png", wide),
              "grey PNG", encode(".png", grey),
              "opaque grey+alpha PNG", greyAlphaPng(grey, opaque, 255),
              "opaque BGRA TIFF", encode(".tif", bgra),
              "opaque lossless WebP", encode(".webp", bgra, IMWRITE_WEBP_QUALITY, 101));
      for (Map.Entry<String, byte[]> e : encodings.entrySet()) {
        assertSameAsImreadColor(e.getValue(), e.getKey());
      }
    }
  }

  private static void assertSameAsImreadColor(byte[] bytes, String what) {
    try (Mat ours = ReducedDecoder.decode(bytes, 1);
        Mat before = plainDecode(bytes, 1)) {
      assertIdentical(before, ours, what);
    }
  }

  private static void assertIdentical(Mat expected, Mat actual, String what) {
    assertEquals(expected.type(), actual.type(), what + ": type");
    assertEquals(expected.cols(), actual.cols(), what + ": width");
    assertEquals(expected.rows(), actual.rows(), what + ": height");
    assertEquals(0.0, norm(expected, actual), what + ": pixels differ");
  }

  /** The decode before alpha was composited: IMREAD_COLOR or its reduced form. */
  private static Mat plainDecode(byte[] bytes, int reduction) {
    int flag =
        switch (reduction) {
          case 1 -> IMREAD_COLOR;
          case 2 -> IMREAD_REDUCED_COLOR_2;
          case 4 -> IMREAD_REDUCED_COLOR_4;
          default -> IMREAD_REDUCED_COLOR_8;
        };
    try (BytePointer data = new BytePointer(bytes);
        Mat buffer = new Mat(1, bytes.length, CV_8UC1, data)) {
      return imdecode(buffer, flag | IMREAD_IGNORE_ORIENTATION);
    }
  }

  private static void assertClose(Disc expected, Disc actual, String what) {
    double allowed = TOLERANCE * expected.radius();
    assertTrue(
        Math.abs(actual.centerX() - expected.centerX()) <= allowed
            && Math.abs(actual.centerY() - expected.centerY()) <= allowed
            && Math.abs(actual.radius() - expected.radius()) <= allowed,
        what + ": disc " + actual + " is not within " + allowed + " px of " + expected);
  }

  private static EyeCrop cropOf(byte[] encoded, String what) {
    PreprocessResult result = ImagePreprocessor.process(encoded, CONFIG);
    return assertInstanceOf(PreprocessResult.Success.class, result, what + ": " + result).crop();
  }

  /** The real photograph, shrunk so its long side is at most {@link #LONG_SIDE}. */
  private static Mat photograph(Path file) {
    try (Mat full = ReducedDecoder.decode(SharedData.read(file), 1)) {
      double s = Math.min(1.0, LONG_SIDE / (double) Math.max(full.cols(), full.rows()));
      Mat small = new Mat();
      try (Size size =
          new Size((int) Math.round(full.cols() * s), (int) Math.round(full.rows() * s))) {
        resize(full, small, size, 0, 0, INTER_AREA);
      }
      return small;
    }
  }

  /**
   * Alpha 255 over the field of view, 0 outside, smooth at the rim. The field is the largest lit
   * outline of the red channel, filled: it follows an oval field, which a disc would cut.
   */
  private static Mat fieldAlpha(Mat photo) {
    Mat alpha = new Mat(photo.size(), CV_8UC1, Scalar.all(0));
    try (Mat red = new Mat();
        Mat lit = new Mat();
        MatVector outlines = new MatVector();
        Mat hierarchy = new Mat();
        MatVector field = new MatVector(1)) {
      extractChannel(photo, red, 2);
      medianBlur(red, red, 5);
      threshold(red, lit, FIELD_LEVEL, 255, THRESH_BINARY);
      findContours(lit, outlines, hierarchy, RETR_EXTERNAL, CHAIN_APPROX_NONE);
      Mat largest = outlines.get(0);
      for (long i = 1; i < outlines.size(); i++) {
        if (contourArea(outlines.get(i)) > contourArea(largest)) largest = outlines.get(i);
      }
      try (Mat hull = new Mat()) {
        convexHull(largest, hull);
        field.put(0, hull);
        drawContours(alpha, field, 0, Scalar.all(255), FILLED, LINE_AA, null, 0, null);
      }
    }
    return alpha;
  }

  /** White, black and uniform noise, each the photograph's size. */
  private static Map<String, Mat> backgrounds(Mat photo) {
    Mat noise = new Mat(photo.size(), CV_8UC3);
    fillWithNoise(noise, 42);
    return Map.of(
        "white", new Mat(photo.size(), CV_8UC3, Scalar.all(255)),
        "black", new Mat(photo.size(), CV_8UC3, Scalar.all(0)),
        "noise", noise);
  }

  private static void fillWithNoise(Mat image, int seed) {
    try (Mat low = new Mat(1, 1, CV_64F, Scalar.all(0));
        Mat high = new Mat(1, 1, CV_64F, Scalar.all(256))) {
      setRNGSeed(seed);
      randu(image, low, high);
    }
  }

  /** BGRA: the photograph where alpha is above 0, the background under the transparent part. */
  private static Mat withAlpha(Mat photo, Mat alpha, Mat background) {
    try (Mat colour = background.clone();
        MatVector planes = new MatVector()) {
      photo.copyTo(colour, alpha);
      split(colour, planes);
      planes.push_back(alpha);
      Mat bgra = new Mat();
      merge(planes, bgra);
      return bgra;
    }
  }

  private static byte[] encode(String extension, Mat image, int... params) {
    try (BytePointer buffer = new BytePointer();
        IntPointer p = new IntPointer(params)) {
      assertTrue(imencode(extension, image, buffer, p), "encoding " + extension);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  /** A grey+alpha PNG (colour type 4), which OpenCV cannot write; ImageIO can. */
  private static byte[] greyAlphaPng(Mat grey, Mat alpha, int under) {
    int w = grey.cols();
    int h = grey.rows();
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(w, h);
    try (UByteIndexer g = grey.createIndexer();
        UByteIndexer a = alpha.createIndexer()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          raster.setSample(x, y, 0, a.get(y, x) == 0 ? under : g.get(y, x));
          raster.setSample(x, y, 1, a.get(y, x));
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertTrue(ImageIO.write(new BufferedImage(model, raster, false, null), "png", out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
