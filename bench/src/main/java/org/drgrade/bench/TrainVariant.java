package org.drgrade.bench;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.drgrade.engine.Engine;
import org.drgrade.engine.Engines;

/**
 * One way of running the grading network that the training benchmark times. Everything not named
 * here is the project's default: NCHW, workspaces ENABLED, oneDNN helpers on, the bench's base
 * batch size.
 *
 * @param batchOverride batch size instead of the base one; 0 = the base batch size
 * @param spark train with Spark local[2] parameter averaging instead of one fit loop (DL4J's master
 *     for DL4J, drgrade's AveragingTrainer for torch)
 */
public enum TrainVariant {
  DEFAULT("default", 0, WorkspaceMode.ENABLED, true, false, "dl4j"),
  BATCH4("batch4", 4, WorkspaceMode.ENABLED, true, false, "dl4j"),
  BATCH16("batch16", 16, WorkspaceMode.ENABLED, true, false, "dl4j"),
  WORKSPACES_NONE("ws-none", 0, WorkspaceMode.NONE, true, false, "dl4j"),
  HELPERS_OFF("helpers-off", 0, WorkspaceMode.ENABLED, false, false, "dl4j"),
  SPARK_LOCAL2("spark-local2", 0, WorkspaceMode.ENABLED, true, true, "dl4j"),
  TORCH("torch", 0, WorkspaceMode.ENABLED, true, false, "torch"),
  TORCH_BATCH32("torch-batch32", 32, WorkspaceMode.ENABLED, true, false, "torch"),
  TORCH_SPARK_LOCAL2("torch-spark-local2", 0, WorkspaceMode.ENABLED, true, true, "torch");

  private final String label;
  private final int batchOverride;
  private final WorkspaceMode workspaces;
  private final boolean helpers;
  private final boolean spark;
  private final String engine;

  TrainVariant(
      String label,
      int batchOverride,
      WorkspaceMode workspaces,
      boolean helpers,
      boolean spark,
      String engine) {
    this.label = label;
    this.batchOverride = batchOverride;
    this.workspaces = workspaces;
    this.helpers = helpers;
    this.spark = spark;
    this.engine = engine;
  }

  /** Which engine runs it; the DL4J-only settings (workspaces, helpers) mean nothing to torch. */
  public Engine engine() {
    return Engines.of(engine);
  }

  public static TrainVariant byLabel(String label) {
    return Arrays.stream(values())
        .filter(v -> v.label.equals(label))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown variant '"
                        + label
                        + "'; known: "
                        + Arrays.stream(values()).map(TrainVariant::label).toList()));
  }

  public String label() {
    return label;
  }

  public int batch(int baseBatch) {
    return batchOverride > 0 ? batchOverride : baseBatch;
  }

  public WorkspaceMode workspaces() {
    return workspaces;
  }

  public boolean helpers() {
    return helpers;
  }

  public boolean spark() {
    return spark;
  }
}
