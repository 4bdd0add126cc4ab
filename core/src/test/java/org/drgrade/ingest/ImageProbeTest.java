package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.drgrade.testing.SharedData;
import org.drgrade.testing.TestImages;
import org.junit.jupiter.api.Test;

class ImageProbeTest {
  private static ImageProbe.Result probe(byte[] bytes, long maxPixels) throws Exception {
    byte[] tail =
        Arrays.copyOfRange(bytes, Math.max(0, bytes.length - ImageProbe.TAIL_BYTES), bytes.length);
    return ImageProbe.probe(
        bytes.length,
        new ByteArrayInputStream(bytes),
        tail,
        maxPixels,
        () -> new ByteArrayInputStream(bytes));
  }

  private static ImageProbe.Result probe(byte[] bytes) throws Exception {
    return probe(bytes, 100_000_000);
  }

  private static byte[] append(byte[] image, byte[] extra) {
    byte[] out = Arrays.copyOf(image, image.length + extra.length);
    System.arraycopy(extra, 0, out, image.length, extra.length);
    return out;
  }

  private static byte[] noise(int n) {
    byte[] b = new byte[n];
    new Random(3).nextBytes(b);
    return b;
  }

  @Test
  void readsFormatAndSizeOfEveryDecodableFormatFromTheHeader() throws Exception {
    for (String ext : new String[] {"jpg", "png", "tif", "bmp", "webp"}) {
      byte[] bytes = TestImages.disc(320, 240, ext);
      ImageProbe.Result r = probe(bytes);
      assertTrue(r.ok(), ext + ": " + r.detail());
      assertEquals(ImageFormat.detect(bytes).orElseThrow().label(), r.format(), ext);
      assertEquals(java.util.List.of(320, 240), java.util.List.of(r.width(), r.height()), ext);
    }
    assertEquals("jpeg", probe(TestImages.disc(50, 70, "jpg")).format());
    assertEquals("webp", probe(TestImages.disc(50, 70, "webp")).format());
  }

  @Test
  void quarantinesEmptyTextTruncatedAndOversized() throws Exception {
    assertEquals(QuarantineReason.EMPTY_FILE, probe(new byte[0], 100).reason());
    ImageProbe.Result text = probe("image,level\n".getBytes(StandardCharsets.UTF_8), 100);
    assertEquals(QuarantineReason.NOT_AN_IMAGE, text.reason());
    assertTrue(text.detail().startsWith("starts with bytes 696d6167652c6c65"), text.detail());
    byte[] jpeg = TestImages.disc(320, 240, "jpg");
    assertEquals(
        QuarantineReason.TRUNCATED,
        probe(Arrays.copyOf(jpeg, jpeg.length / 2), 1_000_000).reason());
    byte[] png = TestImages.disc(320, 240, "png");
    assertEquals(
        QuarantineReason.TRUNCATED, probe(Arrays.copyOf(png, png.length / 2), 1_000_000).reason());
    ImageProbe.Result big = probe(jpeg, 320 * 240 - 1);
    assertEquals(QuarantineReason.TOO_LARGE, big.reason());
    assertTrue(big.detail().contains("320x240"));
    assertEquals(
        QuarantineReason.CORRUPT_HEADER, probe(Arrays.copyOf(jpeg, 12), 1_000_000).reason());
  }

  @Test
  void bytesAfterACompleteImageAreAcceptedAndOnlyRealTruncationIsNot() throws Exception {
    byte[] jpeg = TestImages.disc(320, 240, "jpg");
    assertTrue(probe(append(jpeg, noise(5000))).ok(), "vendor data after EOI");
    assertTrue(probe(append(jpeg, new byte[65_536])).ok(), "padding after EOI");
    assertTrue(probe(append(jpeg, TestImages.disc(40, 30, "jpg"))).ok(), "an appended thumbnail");
    assertTrue(
        probe(Arrays.copyOf(jpeg, jpeg.length - 2)).ok(),
        "only the EOI marker missing: every pixel decodes");
    byte[] png = TestImages.disc(320, 240, "png");
    assertTrue(probe(append(png, noise(300))).ok(), "bytes after IEND");
    ImageProbe.Result cut = probe(append(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), new byte[200]));
    assertEquals(
        QuarantineReason.TRUNCATED, cut.reason(), "cut, then zero padding: still truncated");
    assertTrue(cut.detail().contains("premature end"), cut.detail());
  }

  @Test
  void realPhotographsWithAppendedBytesPassAndCutOnesDoNot() throws Exception {
    Path dir = SharedData.fundus("eyepacs-sample");
    try (var files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".jpeg")).sorted().limit(3).toList()) {
        byte[] real = Files.readAllBytes(file);
        ImageProbe.Result appended = probe(append(real, noise(10_000)));
        assertTrue(appended.ok(), file + ": " + appended.detail());
        ImageProbe.Result truncated = probe(Arrays.copyOf(real, real.length * 3 / 4));
        assertEquals(QuarantineReason.TRUNCATED, truncated.reason(), file.toString());
      }
    }
  }

  @Test
  void unsupportedFormatsAreNamed() throws Exception {
    var gif = new ByteArrayOutputStream();
    ImageIO.write(
        new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED),
        "gif",
        gif);
    byte[] dicom = new byte[200];
    System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, dicom, 128, 4);
    byte[] heic =
        append(
            new byte[] {0, 0, 0, 24},
            "ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.US_ASCII));
    byte[] jp2 =
        append(new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10}, noise(100));
    byte[] pdf = "%PDF-1.7\n%...".getBytes(StandardCharsets.US_ASCII);
    assertUnsupported(gif.toByteArray(), "GIF");
    assertUnsupported(dicom, "DICOM");
    assertUnsupported(heic, "HEIF/HEIC/AVIF");
    assertUnsupported(jp2, "JPEG 2000");
    assertUnsupported(pdf, "PDF");
    assertEquals(
        QuarantineReason.NOT_AN_IMAGE,
        probe("BMP is a word, not a header here".getBytes(StandardCharsets.US_ASCII)).reason(),
        "two letters BM alone do not make a bitmap");
  }

  private static void assertUnsupported(byte[] bytes, String format) throws Exception {
    ImageProbe.Result r = probe(bytes);
    assertEquals(QuarantineReason.UNSUPPORTED_FORMAT, r.reason(), format);
    assertEquals("unsupported format " + format, r.detail());
  }
}
