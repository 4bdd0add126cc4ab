package org.drgrade.preprocess;

import java.util.List;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/**
 * The preprocess stage's settings (drgrade.preprocess.*), and the per-image core's config derived
 * from them.
 */
public record PreprocessStageConfig(
    String input,
    String output,
    PreprocessConfig image,
    int batchImages,
    int galleryImages,
    double maxQuarantineFraction) {

  /** Settings with the default quarantine limit (drgrade.ingest.max-quarantine-fraction = 0.5). */
  public PreprocessStageConfig(
      String input, String output, PreprocessConfig image, int batchImages, int galleryImages) {
    this(input, output, image, batchImages, galleryImages, 0.5);
  }

  public static PreprocessStageConfig from(DrgradeConfig config) {
    List<Integer> thresholds =
        config.strings("preprocess.thresholds").stream().map(t -> parseLevel(t)).toList();
    PreprocessConfig image;
    try {
      image =
          new PreprocessConfig(
              config.positive("preprocess.size", 16),
              config.positive("preprocess.analysis-size", 64),
              thresholds,
              config.number("preprocess.min-quality"),
              config.flag("preprocess.reduced-decode"),
              config.longValue("ingest.max-pixels"),
              config.integer("preprocess.png-compression"),
              PreprocessMethod.parse(config.string("preprocess.method")));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.preprocess: " + e.getMessage(), e);
    }
    return new PreprocessStageConfig(
        config.string("ingest.output"),
        config.string("preprocess.output"),
        image,
        config.positive("preprocess.batch-images", 1),
        config.positive("preprocess.gallery-images", 0),
        config.number("ingest.max-quarantine-fraction"));
  }

  private static int parseLevel(String t) {
    try {
      int v = Integer.parseInt(t.trim());
      if (v < 1 || v > 254) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigError("drgrade.preprocess.thresholds: '" + t + "' is not a grey level 1-254");
    }
  }
}
