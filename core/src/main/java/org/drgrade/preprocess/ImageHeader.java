package org.drgrade.preprocess;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Format and size read from an image's header without decoding pixels.
 *
 * <p>Uses javax.imageio: {@code ImageReader.getWidth/getHeight} parse only up to the JPEG SOF
 * marker or the PNG IHDR chunk, so the probe costs microseconds and allocates no pixel buffer.
 * OpenCV has no header-only call. The stream is a {@link MemoryCacheImageInputStream} so the probe
 * never writes ImageIO's temporary cache files.
 *
 * @param format lower-case ImageIO format name, e.g. "jpeg", "png"
 */
public record ImageHeader(String format, int width, int height) {

  public boolean isJpeg() {
    return format.equals("jpeg");
  }

  public long pixels() {
    return (long) width * height;
  }

  /** The header of {@code encoded}, or empty when ImageIO recognises no format in it. */
  public static Optional<ImageHeader> probe(byte[] encoded) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return Optional.empty();
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(
            new ImageHeader(
                reader.getFormatName().toLowerCase(Locale.ROOT),
                reader.getWidth(0),
                reader.getHeight(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException corruptHeader) {
      return Optional.empty();
    }
  }
}
