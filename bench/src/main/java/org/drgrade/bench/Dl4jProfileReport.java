package org.drgrade.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The JSON {@code drgrade bench profile} prints: where the time of one training minibatch of the
 * grading network goes, phase by phase and layer by layer. Times are milliseconds per minibatch,
 * the median of {@code repeat} timed minibatches after warm-up, with min and max.
 *
 * @param nativeJar the nd4j-native jar the CPU bindings were loaded from (its classifier says which
 *     build: onednn-avx2, onednn-avx512, ...)
 * @param periodicGc whether ND4J calls System.gc() periodically while training, as its deallocator
 *     thread sees it (MemoryManager.isPeriodicGcActive; always false on the CPU backend of M2,
 *     whatever togglePeriodicGc asked)
 * @param gcWindowMs ND4J's auto-GC window in ms (MemoryManager.getAutoGcWindow)
 * @param mallocSettings the glibc malloc variables of this JVM's environment, as given
 */
@JsonPropertyOrder({
  "host",
  "omp_threads",
  "helpers_flag",
  "native_jar",
  "periodic_gc",
  "gc_window_ms",
  "malloc_settings",
  "repeat",
  "averaging_frequency",
  "wall_seconds",
  "sizes"
})
public record Dl4jProfileReport(
    JvmHost host,
    @JsonProperty("omp_threads") int ompThreads,
    @JsonProperty("helpers_flag") boolean helpersFlag,
    @JsonProperty("native_jar") String nativeJar,
    @JsonProperty("periodic_gc") boolean periodicGc,
    @JsonProperty("gc_window_ms") int gcWindowMs,
    @JsonProperty("malloc_settings") String mallocSettings,
    int repeat,
    @JsonProperty("averaging_frequency") int averagingFrequency,
    @JsonProperty("wall_seconds") double wallSeconds,
    List<SizeProfile> sizes) {

  /**
   * One input size and batch.
   *
   * @param sourceSize side of the preprocessed PNG the crop is taken from (512 for 448)
   * @param minibatchMs the real path's minibatch: data phases + fit + the averaging share
   * @param trainImagesPerSecond batch / median {@code fit} time (the network alone, as bench train
   *     measures it)
   * @param pathImagesPerSecond batch / minibatchMs (decode, augmentation and averaging included)
   * @param onednnConv whether the first conv layer got DL4J's oneDNN helper
   * @param phases in order; a phase with {@code part_of} set is inside that phase, not added to the
   *     minibatch
   * @param layers per-layer forward and backward, from a layer-by-layer pass without workspaces;
   *     empty with --no-layers
   * @param layerPass the totals of that layer-by-layer pass, to set the per-layer times against;
   *     null with --no-layers
   */
  @JsonPropertyOrder({
    "size",
    "batch",
    "source_size",
    "params",
    "onednn_conv",
    "minibatch_ms",
    "train_images_per_second",
    "path_images_per_second",
    "phases",
    "averaging",
    "layer_pass",
    "layers"
  })
  public record SizeProfile(
      int size,
      int batch,
      @JsonProperty("source_size") int sourceSize,
      long params,
      @JsonProperty("onednn_conv") boolean onednnConv,
      @JsonProperty("minibatch_ms") double minibatchMs,
      @JsonProperty("train_images_per_second") double trainImagesPerSecond,
      @JsonProperty("path_images_per_second") double pathImagesPerSecond,
      List<Phase> phases,
      Averaging averaging,
      @JsonProperty("layer_pass") LayerPass layerPass,
      List<LayerTime> layers) {}

  /**
   * @param share ms / the size's minibatch_ms
   * @param partOf the phase this one is a part of, or null for a top-level phase
   * @param note what exactly was timed
   */
  @JsonPropertyOrder({"phase", "ms", "share", "part_of", "note"})
  public record Phase(
      String phase, Ms ms, double share, @JsonProperty("part_of") String partOf, String note) {}

  /** Median, min and max over the timed repeats, in ms. */
  @JsonPropertyOrder({"median", "min", "max"})
  public record Ms(double median, double min, double max) {
    public static Ms of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Ms(round(median), round(sorted.get(0)), round(sorted.get(n - 1)));
    }
  }

  /**
   * One parameter averaging of two networks, as DL4J's ParameterAveragingTrainingMaster does it,
   * and its share of each minibatch at the averaging frequency.
   *
   * @param values parameters plus updater state values averaged
   * @param averageMs add the two flat parameter and updater-state vectors, divide by 2, set both
   *     networks to the result
   * @param serialiseMs Java-serialise and read back one copy of parameters plus updater state: what
   *     each worker's result costs on top in Spark, whose task results are always serialised
   * @param perMinibatchMs (averageMs + 2 x serialiseMs) / averaging frequency: two workers' results
   *     per averaging (in local mode the broadcast back is read unserialised)
   */
  @JsonPropertyOrder({"values", "average_ms", "serialise_ms", "per_minibatch_ms"})
  public record Averaging(
      long values,
      @JsonProperty("average_ms") Ms averageMs,
      @JsonProperty("serialise_ms") Ms serialiseMs,
      @JsonProperty("per_minibatch_ms") double perMinibatchMs) {}

  /**
   * @param forwardMs the whole layer-by-layer forward pass (per-layer times are inside it)
   * @param backwardMs the whole layer-by-layer backward pass
   * @param forwardOverFit forwardMs / the fit's forward phase (workspaces off vs on)
   * @param backwardOverFit backwardMs / the fit's backward phase
   */
  @JsonPropertyOrder({"forward_ms", "backward_ms", "forward_over_fit", "backward_over_fit"})
  public record LayerPass(
      @JsonProperty("forward_ms") Ms forwardMs,
      @JsonProperty("backward_ms") Ms backwardMs,
      @JsonProperty("forward_over_fit") double forwardOverFit,
      @JsonProperty("backward_over_fit") double backwardOverFit) {}

  /**
   * @param index the layer's index in the network
   * @param type DL4J's layer class, plus the input preprocessor in front of it if any
   * @param output the activation shape [N, C, H, W] or [N, F]
   * @param share (forward + backward) / (layer pass forward + backward)
   */
  @JsonPropertyOrder({"index", "type", "output", "params", "forward_ms", "backward_ms", "share"})
  public record LayerTime(
      int index,
      String type,
      List<Long> output,
      long params,
      @JsonProperty("forward_ms") Ms forwardMs,
      @JsonProperty("backward_ms") Ms backwardMs,
      double share) {}

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
