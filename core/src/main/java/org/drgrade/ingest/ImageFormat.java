package org.drgrade.ingest;

import java.util.Arrays;
import java.util.Optional;

/**
 * An image file's format, told by its first bytes (never by its extension: exports rename freely).
 * {@link #decodable()} formats are the ones OpenCV's imdecode reads in preprocess; the others are
 * recognised only so that the quarantine reason can name what the file really is ("unsupported
 * format GIF") instead of calling a perfectly good picture "not an image".
 */
public enum ImageFormat {
  JPEG("jpeg", true),
  PNG("png", true),
  TIFF("tiff", true),
  BMP("bmp", true),
  WEBP("webp", true),
  GIF("GIF", false),
  JPEG_2000("JPEG 2000", false),
  DICOM("DICOM", false),
  HEIF("HEIF/HEIC/AVIF", false),
  PDF("PDF", false);

  /**
   * How many leading bytes {@link #detect} needs (DICOM's "DICM" sits after a 128-byte preamble).
   */
  public static final int MAGIC_BYTES = 132;

  private final String label;
  private final boolean decodable;

  ImageFormat(String label, boolean decodable) {
    this.label = label;
    this.decodable = decodable;
  }

  /** The lower-case ImageIO format name of a decodable format, or the display name of another. */
  public String label() {
    return label;
  }

  public boolean decodable() {
    return decodable;
  }

  /** The format whose signature starts {@code head}, if any. */
  public static Optional<ImageFormat> detect(byte[] head) {
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, 'I', 'I', 0x2A, 0x00) || startsWith(head, 0, 'M', 'M', 0x00, 0x2A)) {
      return Optional.of(TIFF);
    }
    if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    // "BM" alone is too weak (a text file may start with it): the header's reserved words are zero
    // and the DIB header size is one of the sizes the BMP versions define.
    if (startsWith(head, 0, 'B', 'M')
        && head.length >= 18
        && head[6] == 0
        && head[7] == 0
        && head[8] == 0
        && head[9] == 0
        && Arrays.asList(12, 40, 52, 56, 64, 108, 124).contains(littleEndianInt(head, 14))) {
      return Optional.of(BMP);
    }
    if (startsWith(head, 0, 'G', 'I', 'F', '8')) {
      return Optional.of(GIF);
    }
    if (startsWith(head, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ')
        || startsWith(head, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return Optional.of(JPEG_2000);
    }
    if (startsWith(head, 128, 'D', 'I', 'C', 'M')) {
      return Optional.of(DICOM);
    }
    if (startsWith(head, 4, 'f', 't', 'y', 'p') && head.length >= 12) {
      String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (java.util.Set.of("heic", "heix", "hevc", "mif1", "msf1", "avif").contains(brand)) {
        return Optional.of(HEIF);
      }
    }
    if (startsWith(head, 0, '%', 'P', 'D', 'F')) {
      return Optional.of(PDF);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  private static int littleEndianInt(byte[] b, int offset) {
    return (b[offset] & 0xFF)
        | (b[offset + 1] & 0xFF) << 8
        | (b[offset + 2] & 0xFF) << 16
        | (b[offset + 3] & 0xFF) << 24;
  }
}
