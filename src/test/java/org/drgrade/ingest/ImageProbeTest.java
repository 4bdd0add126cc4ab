package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.drgrade.testing.TestImages;
import org.junit.jupiter.api.Test;

class ImageProbeTest {
  private static ImageProbe.Result probe(byte[] bytes, long maxPixels) throws Exception {
    byte[] tail = Arrays.copyOfRange(bytes, Math.max(0, bytes.length - ImageProbe.TAIL_BYTES), bytes.length);
    return ImageProbe.probe(bytes.length, new ByteArrayInputStream(bytes), tail, maxPixels);
  }

  @Test
  void readsSizeOfJpegAndPngFromTheHeader() throws Exception {
    ImageProbe.Result jpeg = probe(TestImages.disc(320, 240, "jpg"), 1_000_000);
    assertTrue(jpeg.ok(), jpeg.detail());
    assertEquals("jpeg", jpeg.format());
    assertEquals(320, jpeg.width());
    assertEquals(240, jpeg.height());
    ImageProbe.Result png = probe(TestImages.disc(50, 70, "png"), 1_000_000);
    assertEquals("png", png.format());
    assertEquals(70, png.height());
  }

  @Test
  void quarantinesEmptyTextTruncatedAndOversized() throws Exception {
    assertEquals(QuarantineReason.EMPTY_FILE, probe(new byte[0], 100).reason());
    assertEquals(QuarantineReason.NOT_AN_IMAGE, probe("image,level\n".getBytes(StandardCharsets.UTF_8), 100).reason());
    byte[] jpeg = TestImages.disc(320, 240, "jpg");
    assertEquals(QuarantineReason.TRUNCATED, probe(Arrays.copyOf(jpeg, jpeg.length / 2), 1_000_000).reason());
    byte[] png = TestImages.disc(320, 240, "png");
    assertEquals(QuarantineReason.TRUNCATED, probe(Arrays.copyOf(png, png.length - 20), 1_000_000).reason());
    ImageProbe.Result big = probe(jpeg, 320 * 240 - 1);
    assertEquals(QuarantineReason.TOO_LARGE, big.reason());
    assertTrue(big.detail().contains("320x240"));
    assertEquals(QuarantineReason.CORRUPT_HEADER, probe(Arrays.copyOf(jpeg, 12), 1_000_000).reason());
  }
}
