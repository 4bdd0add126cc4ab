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
 * @param extraImages drgrade.ingest.extra-images: labelled images that only ever train (another
 *     population's photographs, more data of another grade mix): never validated on, never
 *     predicted, never in a submission
 * @param extraLabels drgrade.ingest.extra-labels: the labels CSV(s) of those images
 */
public record IngestConfig(
    List<String> images,
    List<String> testImages,
    List<String> labels,
    List<String> extensions,
    long maxPixels,
    String namePattern,
    double maxQuarantineFraction,
    String output,
    List<String> extraImages,
    List<String> extraLabels) {

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
    this(images, testImages, labels, extensions, maxPixels, "", 0.5, output, List.of(), List.of());
  }

  public IngestConfig {
    extraImages = List.copyOf(extraImages);
    extraLabels = List.copyOf(extraLabels);
    if (!extraImages.isEmpty() && extraLabels.isEmpty()) {
      // an unlabelled training-only image would only ever be quarantined: say so before Spark
      throw new ConfigError(
          "drgrade.ingest.extra-images is set but drgrade.ingest.extra-labels is empty: training-only"
              + " images need their grades (a labels CSV image,level)");
    }
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
        config.string("ingest.output"),
        uris(config.string("ingest.extra-images")),
        uris(config.string("ingest.extra-labels")));
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

  /** True when some labels are given (for the images, the training-only images or both). */
  public boolean labelled() {
    return !labels.isEmpty() || !extraLabels.isEmpty();
  }

  /** The labels files of both the images and the training-only images. */
  public List<String> allLabels() {
    List<String> all = new ArrayList<>(labels);
    all.addAll(extraLabels);
    return all;
  }
}
