package org.drgrade.ingest;

/**
 * Why an input (an image file or a label row) was set aside. Codes are stable: reports group by
 * them.
 */
public enum QuarantineReason {
  EMPTY_FILE("file is empty (0 bytes)"),
  UNREADABLE("file cannot be read"),
  UNSUPPORTED_TYPE("file extension is not a configured image type"),
  NOT_AN_IMAGE("the first bytes are the signature of no image format"),
  UNSUPPORTED_FORMAT(
      "an image format drgrade cannot decode (GIF, JPEG 2000, DICOM, HEIF, PDF); the detail names it"),
  CORRUPT_HEADER("image header cannot be parsed"),
  TRUNCATED("the image data ends early: the decoder runs out of data before the image is complete"),
  TOO_LARGE("declared pixel count exceeds drgrade.ingest.max-pixels"),
  BAD_NAME(
      "file name cannot be an image id (blank, control characters, or it names patient and side in drgrade.ingest.name-pattern's form with an unknown side)"),
  DUPLICATE_IMAGE(
      "the same bytes as another file of the same name, which is kept and graded; the detail names it"),
  LABEL_MISSING("no label row for this image"),
  LABEL_INVALID("label is not an integer"),
  LABEL_OUT_OF_RANGE("label is outside 0-4"),
  LABEL_CONFLICT("label rows for this image disagree"),
  LABEL_AMBIGUOUS(
      "the label row names a file name that several different images share, so it cannot say which; the detail names them and how to name each by its folder"),
  LABEL_WITHOUT_IMAGE("label row names an image that was not found");

  private final String meaning;

  QuarantineReason(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
