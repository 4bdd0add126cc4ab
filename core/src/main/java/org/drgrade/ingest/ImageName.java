package org.drgrade.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.drgrade.Side;
import org.drgrade.config.ConfigError;

/**
 * The identity carried by an image's file name: image id (the file name without extension, as in
 * the labels files), patient and side. Names that say patient and side pair a patient's eyes for
 * blending: {@code 10_left} (EyePACS/Kaggle), {@code Patient001_L}, {@code Patient254-R}, or any
 * form given as {@code drgrade.ingest.name-pattern}. Data sets that name an image by an id only
 * (APTOS {@code 04e1b77ef107}, Messidor, IDRiD) are one-eye patients: the id is the patient and the
 * side is {@link #UNKNOWN_SIDE}. Only a name that cannot be an id at all is refused.
 *
 * @param side the eye, or null when the name does not say
 */
public record ImageName(String image, String patient, Side side) {
  /** The side column's value for an eye whose name does not say which it is. */
  public static final String UNKNOWN_SIDE = "unknown";

  private static final List<Pattern> BUILT_IN =
      List.of(
          Pattern.compile("^(?<patient>\\d+)[_ -](?<side>left|right)$", Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "^(?<patient>[A-Za-z]+\\d+)[_ -](?<side>[LR])$", Pattern.CASE_INSENSITIVE));
  private static final Pattern NOT_AN_ID = Pattern.compile("^\\s*$|\\p{Cntrl}");

  /** The side column's value: "left", "right" or {@link #UNKNOWN_SIDE}. */
  public String sideLabel() {
    return side == null ? UNKNOWN_SIDE : side.label();
  }

  /** Names in the built-in forms only (no configured pattern). */
  public static Optional<ImageName> parse(String fileName) {
    return parse(fileName, null);
  }

  /**
   * Parses a file name (with or without directories and extension) with the configured pattern
   * first (may be null), then the built-in forms, else as a one-eye patient; empty only when the
   * name cannot be an id, or a pattern names a side that is neither eye.
   */
  public static Optional<ImageName> parse(String fileName, Pattern configured) {
    String image = stem(fileName);
    if (NOT_AN_ID.matcher(image).find()) {
      return Optional.empty();
    }
    if (configured != null) {
      Matcher m = configured.matcher(image);
      if (m.matches()) {
        return side(m.group("side")).map(side -> new ImageName(image, m.group("patient"), side));
      }
    }
    for (Pattern form : BUILT_IN) {
      Matcher m = form.matcher(image);
      if (m.matches()) {
        return side(m.group("side")).map(side -> new ImageName(image, m.group("patient"), side));
      }
    }
    return Optional.of(new ImageName(image, image, null));
  }

  /**
   * Compiles {@code drgrade.ingest.name-pattern}: blank means none; otherwise a regular expression
   * matched against the whole image id, with named groups {@code patient} and {@code side}.
   */
  public static Pattern compilePattern(String regex) {
    if (regex == null || regex.isBlank()) {
      return null;
    }
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigError(
          "drgrade.ingest.name-pattern: not a regular expression: "
              + e.getDescription()
              + " in '"
              + regex
              + "'",
          e);
    }
    for (String group : List.of("patient", "side")) {
      if (!regex.contains("(?<" + group + ">")) { // Pattern.namedGroups() is Java 20+
        throw new ConfigError(
            "drgrade.ingest.name-pattern: '"
                + regex
                + "' has no named group (?<"
                + group
                + ">...)");
      }
    }
    return p;
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

  /**
   * left, l and OS (oculus sinister) are the left eye; right, r and OD (oculus dexter) the right.
   */
  private static Optional<Side> side(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "left", "l", "os" -> Optional.of(Side.LEFT);
      case "right", "r", "od" -> Optional.of(Side.RIGHT);
      default -> Optional.empty();
    };
  }
}
