package org.drgrade.ingest;

import java.util.Locale;
import org.drgrade.Side;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity carried by an image's file name: image name (the file name without extension, as in
 * the Kaggle labels), patient and side. Three naming forms occur in real data: {@code 10_left}
 * (EyePACS/Kaggle), {@code Patient001_L} and {@code Patient254-R}.
 */
public record ImageName(String image, String patient, Side side) {

  private static final Pattern KAGGLE = Pattern.compile("^(\\d+)_(left|right)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LETTER = Pattern.compile("^([A-Za-z]+\\d+)[_-]([LR])$", Pattern.CASE_INSENSITIVE);

  /** Parses a file name (with or without directories and extension); empty if no form matches. */
  public static Optional<ImageName> parse(String fileName) {
    String image = stem(fileName);
    Matcher m = KAGGLE.matcher(image);
    if (m.matches()) {
      return Optional.of(new ImageName(image, m.group(1), side(m.group(2))));
    }
    m = LETTER.matcher(image);
    if (m.matches()) {
      return Optional.of(new ImageName(image, m.group(1), side(m.group(2))));
    }
    return Optional.empty();
  }

  /** The file name without directories and without its last extension. */
  public static String stem(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The lower-case extension of a file name, or "" when it has none. */
  public static String extension(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  private static Side side(String token) {
    return token.toLowerCase(Locale.ROOT).startsWith("l") ? Side.LEFT : Side.RIGHT;
  }
}
