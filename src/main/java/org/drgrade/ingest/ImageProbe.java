package org.drgrade.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks an image file without decoding its pixels: the magic bytes say JPEG or PNG, ImageIO reads
 * the declared size from the header only, and the tail must hold the format's end marker (a
 * truncated upload or copy loses it). Decoding is the preprocess stage's job; ingest stays cheap
 * enough to run over 90k full-size images reading a few kilobytes of each.
 */
public final class ImageProbe {
  /** How many bytes at the end of a file are searched for the end marker. */
  public static final int TAIL_BYTES = 64;

  private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG_EOI = {(byte) 0xFF, (byte) 0xD9};
  private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

  static {
    ImageIO.setUseCache(false); // header reads stay in memory; executors may have no writable temp dir
  }

  private ImageProbe() {}

  /** The outcome of probing one file: a format and size, or a quarantine reason with detail. */
  public record Result(String format, int width, int height, QuarantineReason reason, String detail) {
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
   */
  public static Result probe(long length, InputStream head, byte[] tail, long maxPixels) throws IOException {
    if (length == 0) {
      return Result.fail(QuarantineReason.EMPTY_FILE, "0 bytes");
    }
    byte[] magic = head.readNBytes(PNG_MAGIC.length);
    String format;
    byte[] endMarker;
    if (startsWith(magic, JPEG_MAGIC)) {
      format = "jpeg";
      endMarker = JPEG_EOI;
    } else if (startsWith(magic, PNG_MAGIC)) {
      format = "png";
      endMarker = PNG_IEND;
    } else {
      return Result.fail(QuarantineReason.NOT_AN_IMAGE, "starts with bytes " + hex(magic));
    }
    int width;
    int height;
    try {
      InputStream whole = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(magic), head);
      int[] size = headerSize(format, whole);
      width = size[0];
      height = size[1];
    } catch (IOException | RuntimeException e) {
      return Result.fail(QuarantineReason.CORRUPT_HEADER, format + " header: " + e.getMessage());
    }
    if (width <= 0 || height <= 0) {
      return Result.fail(QuarantineReason.CORRUPT_HEADER, "declared size " + width + "x" + height);
    }
    if ((long) width * height > maxPixels) {
      return Result.fail(QuarantineReason.TOO_LARGE,
          "declares " + width + "x" + height + " = " + ((long) width * height) + " pixels > " + maxPixels);
    }
    if (indexOf(tail, endMarker) < 0) {
      return Result.fail(QuarantineReason.TRUNCATED, "no " + format + " end marker in the last " + tail.length + " bytes");
    }
    return new Result(format, width, height, null, null);
  }

  private static int[] headerSize(String format, InputStream in) throws IOException {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
      if (!readers.hasNext()) {
        throw new IOException("no ImageIO reader for " + format);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
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

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.length() == 0 ? "(none)" : sb.toString();
  }
}
