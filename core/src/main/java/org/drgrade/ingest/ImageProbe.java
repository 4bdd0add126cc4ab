package org.drgrade.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks an image file cheaply: the first bytes say which format it is, ImageIO reads the declared
 * size from the header only, and for JPEG and PNG the tail is searched for the end marker. Only
 * when that marker is missing is the file decoded in full, because a missing marker has two causes:
 * a truncated upload (the decoder runs out of scan data) or bytes appended after a complete image
 * (cameras and PACS exports add thumbnails, padding or vendor data), which decodes completely and
 * is a gradable image. Everything else about decoding is the preprocess stage's job; ingest stays
 * cheap enough to run over 90k full-size images reading a few kilobytes of most.
 */
public final class ImageProbe {
  /** How many bytes at the end of a file are searched for the end marker. */
  public static final int TAIL_BYTES = 64;

  private static final byte[] JPEG_EOI = {(byte) 0xFF, (byte) 0xD9};
  private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

  static {
    ImageIO.setUseCache(
        false); // header reads stay in memory; executors may have no writable temp dir
  }

  private ImageProbe() {}

  /** Opens the whole file again from its first byte (only called for the full decode). */
  @FunctionalInterface
  public interface Reopen {
    InputStream open() throws IOException;
  }

  /** The outcome of probing one file: a format and size, or a quarantine reason with detail. */
  public record Result(
      String format, int width, int height, QuarantineReason reason, String detail) {
    public boolean ok() {
      return reason == null;
    }

    static Result fail(QuarantineReason reason, String detail) {
      return new Result(null, 0, 0, reason, detail);
    }
  }

  /**
   * @param length the file's size in bytes
   * @param head a stream positioned at the file's first byte (it is read only as far as the header)
   * @param tail the file's last min(length, TAIL_BYTES) bytes
   * @param maxPixels the largest width*height accepted (decompression bombs are refused here)
   * @param whole reopens the file for a full decode when the end marker is not in the tail
   */
  public static Result probe(
      long length, InputStream head, byte[] tail, long maxPixels, Reopen whole) throws IOException {
    if (length == 0) {
      return Result.fail(QuarantineReason.EMPTY_FILE, "0 bytes");
    }
    byte[] magic = head.readNBytes(ImageFormat.MAGIC_BYTES);
    Optional<ImageFormat> detected = ImageFormat.detect(magic);
    if (detected.isEmpty()) {
      return Result.fail(
          QuarantineReason.NOT_AN_IMAGE,
          "starts with bytes " + hex(magic, 8) + ", the signature of no image format");
    }
    ImageFormat format = detected.get();
    if (!format.decodable()) {
      return Result.fail(
          QuarantineReason.UNSUPPORTED_FORMAT, "unsupported format " + format.label());
    }
    int width;
    int height;
    try {
      int[] size =
          headerSize(format, new SequenceInputStream(new ByteArrayInputStream(magic), head));
      width = size[0];
      height = size[1];
    } catch (IOException | RuntimeException e) {
      return Result.fail(
          QuarantineReason.CORRUPT_HEADER, format.label() + " header: " + e.getMessage());
    }
    if (width <= 0 || height <= 0) {
      return Result.fail(QuarantineReason.CORRUPT_HEADER, "declared size " + width + "x" + height);
    }
    if ((long) width * height > maxPixels) {
      return Result.fail(
          QuarantineReason.TOO_LARGE,
          "declares "
              + width
              + "x"
              + height
              + " = "
              + ((long) width * height)
              + " pixels > "
              + maxPixels);
    }
    Optional<String> incomplete =
        switch (format) {
          case JPEG -> indexOf(tail, JPEG_EOI) >= 0 ? Optional.empty() : jpegEndsEarly(whole);
          case PNG -> indexOf(tail, PNG_IEND) >= 0 ? Optional.empty() : pngEndsEarly(whole);
          default ->
              Optional.empty(); // no end marker to look for; preprocess's decode is the judge
        };
    if (incomplete.isPresent()) {
      return Result.fail(QuarantineReason.TRUNCATED, incomplete.get());
    }
    return new Result(format.label(), width, height, null, null);
  }

  /**
   * Decodes the whole JPEG (raw raster, so CMYK and odd colour spaces decode too) and listens to
   * libjpeg's warnings: "premature end of data segment" is its report of scan data that ends before
   * the image does. A file that only lacks the final EOI marker decodes completely.
   */
  private static Optional<String> jpegEndsEarly(Reopen whole) throws IOException {
    List<String> warnings = new ArrayList<>();
    try (InputStream in = whole.open();
        ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      ImageReader reader = reader(ImageFormat.JPEG);
      try {
        reader.setInput(iis, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.readRaster(0, null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of("no JPEG end marker and the decoder fails: " + e.getMessage());
    }
    return warnings.stream()
        .filter(w -> w.toLowerCase(Locale.ROOT).contains("premature end"))
        .findFirst()
        .map(w -> "scan data ends early (decoder: " + w + ")");
  }

  /**
   * Decodes the whole PNG: a truncated one runs out of IDAT data; one with bytes after IEND
   * decodes.
   */
  private static Optional<String> pngEndsEarly(Reopen whole) throws IOException {
    try (InputStream in = whole.open();
        ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      ImageReader reader = reader(ImageFormat.PNG);
      try {
        reader.setInput(iis, true, true);
        reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return Optional.of(
          "no PNG IEND chunk and the image data ends early (decoder: " + root.getMessage() + ")");
    }
    return Optional.empty();
  }

  private static int[] headerSize(ImageFormat format, InputStream in) throws IOException {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      ImageReader reader = reader(format);
      try {
        reader.setInput(iis, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static ImageReader reader(ImageFormat format) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.label());
    if (!readers.hasNext()) {
      throw new IOException("no ImageIO reader for " + format.label());
    }
    return readers.next();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String hex(byte[] bytes, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(max, bytes.length); i++) {
      sb.append(String.format("%02x", bytes[i]));
    }
    return sb.length() == 0 ? "(none)" : sb.toString();
  }
}
