package org.drgrade.testing;

import java.util.List;
import org.drgrade.model.InputContract;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.Standardisation;
import org.drgrade.preprocess.PreprocessConfig;

/**
 * A model.json as train writes it (128 px images, 112 px crops, a DL4J softmax network), for tests
 * of the stages that read a model directory without training one.
 */
public final class SampleModel {
  private SampleModel() {}

  public static ModelDescriptor descriptor() {
    return descriptor(PreprocessConfig.defaults().withOutputSize(128));
  }

  /** The same, for images preprocessed with {@code parameters}. */
  public static ModelDescriptor descriptor(PreprocessConfig parameters) {
    var contract =
        new InputContract(
            128,
            112,
            InputContract.preprocessingOf(parameters),
            parameters,
            List.of("R", "G", "B"),
            new Standardisation(new float[] {1, 2, 3}, new float[] {4, 5, 6}),
            List.of());
    var training =
        new ModelDescriptor.TrainingRecord(
            8, 300, 80, List.of(6, 7), 0.5, 0.8, 925013, 2015, 0, null, "");
    return new ModelDescriptor(
        ModelDescriptor.FORMAT_VERSION,
        ModelDescriptor.DL4J,
        "2026-11-30T00:00:00Z",
        contract,
        ModelDescriptor.ClassScheme.fiveGradeSoftmax(),
        List.of(),
        List.of(),
        training,
        null,
        null,
        null);
  }
}
