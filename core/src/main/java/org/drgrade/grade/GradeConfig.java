package org.drgrade.grade;

import org.drgrade.config.DrgradeConfig;
import org.drgrade.io.HadoopFiles;
import org.drgrade.predict.PredictConfig;

/**
 * What {@code drgrade grade} needs besides the ingest stage's own config (which carries the
 * images): the model directory, where to write, where the preprocess and predict work goes, the
 * test-time views, the preprocess batching knobs, and optionally a decision rule other than the
 * model's. The preprocessing parameters come from the model, never from here.
 */
public record GradeConfig(
    String model,
    String output,
    String preprocessed,
    String predicted,
    PredictConfig.Views views,
    int batchImages,
    int galleryImages,
    String rule) {

  public static GradeConfig from(DrgradeConfig config, String model, String rule) {
    String output = config.string("grade.output");
    return new GradeConfig(
        model,
        output,
        config.string("preprocess.output"),
        HadoopFiles.join(output, "work/predict"),
        PredictConfig.Views.from(config),
        config.positive("preprocess.batch-images", 1),
        config.positive("preprocess.gallery-images", 0),
        rule);
  }
}
