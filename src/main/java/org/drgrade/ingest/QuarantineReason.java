package org.drgrade.ingest;

/** Why an input (an image file or a label row) was set aside. Codes are stable: reports group by them. */
public enum QuarantineReason {
  EMPTY_FILE("file is empty (0 bytes)"),
  UNREADABLE("file cannot be read"),
  UNSUPPORTED_TYPE("file extension is not a configured image type"),
  NOT_AN_IMAGE("bytes are not a JPEG or PNG image"),
  CORRUPT_HEADER("image header cannot be parsed"),
  TRUNCATED("image data ends before the end-of-image marker"),
  TOO_LARGE("declared pixel count exceeds drgrade.ingest.max-pixels"),
  BAD_NAME("file name matches no known pattern (10_left, Patient001_L, Patient254-R)"),
  DUPLICATE_IMAGE("the same image name occurs in more than one file"),
  LABEL_MISSING("no label row for this image"),
  LABEL_INVALID("label is not an integer"),
  LABEL_OUT_OF_RANGE("label is outside 0-4"),
  LABEL_CONFLICT("label rows for this image disagree"),
  LABEL_WITHOUT_IMAGE("label row names an image that was not found");

  private final String meaning;

  QuarantineReason(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
