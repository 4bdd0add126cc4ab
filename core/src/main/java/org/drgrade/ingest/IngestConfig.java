package org.drgrade.ingest;

import java.util.ArrayList;
import java.util.List;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/**
 * The ingest stage's settings (drgrade.ingest.*).
 *
 * @param namePattern drgrade.ingest.name-pattern: a regex with groups patient and side, or "" for
 *     none
 * @param maxQuarantineFraction the share of files above which quarantining fails the stage
 */
public record IngestConfig(
    List<String> images,
    List<String> testImages,
    List<String> labels,
    List<String> extensions,
    long maxPixels,
    String namePattern,
    double maxQuarantineFraction,
    String output) {

  /**
   * The value of drgrade.ingest.test-images that means "the generated test/ folder, if the images
   * are generated".
   */
  public static final String AUTO = "auto";

  /**
   * Settings with no name pattern and the default quarantine limit (tests and the grade command).
   */
  public IngestConfig(
      List<String> images,
      List<String> testImages,
      List<String> labels,
      List<String> extensions,
      long maxPixels,
      String output) {
    this(images, testImages, labels, extensions, maxPixels, "", 0.5, output);
  }

  public IngestConfig {
    ImageName.compilePattern(
        namePattern); // a bad pattern is a configuration error before Spark starts
    if (!(maxQuarantineFraction >= 0 && maxQuarantineFraction <= 1)) {
      throw new ConfigError(
          "drgrade.ingest.max-quarantine-fraction must be between 0 and 1, got "
              + maxQuarantineFraction);
    }
  }

  public static IngestConfig from(DrgradeConfig config) {
    List<String> images = uris(config.string("ingest.images"));
    return new IngestConfig(
        images,
        testImages(config, images),
        uris(config.string("ingest.labels")),
        config.strings("ingest.extensions").stream().map(String::toLowerCase).toList(),
        config.longValue("ingest.max-pixels"),
        config.string("ingest.name-pattern"),
        config.number("ingest.max-quarantine-fraction"),
        config.string("ingest.output"));
  }

  /**
   * "auto" is the generated test/ folder beside the generated images, and nothing when the user
   * points drgrade.ingest.images at their own data: their run must not grade generated eyes too.
   */
  private static List<String> testImages(DrgradeConfig config, List<String> images) {
    String value = config.string("ingest.test-images");
    if (!value.trim().equals(AUTO)) {
      return uris(value);
    }
    String synth = config.string("synth.output");
    return images.equals(List.of(synth + "/images")) ? List.of(synth + "/test") : List.of();
  }

  /**
   * A comma-separated list of URIs or globs (commas inside {a,b} globs do not split); blanks
   * dropped.
   */
  static List<String> uris(String value) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (c == ',' && depth == 0) {
        String uri = value.substring(start, i).trim();
        if (!uri.isEmpty()) {
          out.add(uri);
        }
        start = i + 1;
      }
    }
    return out;
  }

  public boolean labelled() {
    return !labels.isEmpty();
  }
}
