package org.drgrade.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The JSON the training benchmark prints. Rates are images per second, one value per round ({@code
 * per_round}) plus their median, min and max.
 *
 * @param ompThreads ND4J's native thread count (OMP_NUM_THREADS at JVM start): every fit call,
 *     including each Spark worker's, uses this many threads
 * @param helpersFlag whether -Dorg.eclipse.deeplearning4j.helpers.disable=false was given
 */
@JsonPropertyOrder({
  "cores",
  "omp_threads",
  "helpers_flag",
  "timed_batches",
  "repeat",
  "wall_seconds",
  "sizes",
  "peer"
})
public record TrainBenchReport(
    int cores,
    @JsonProperty("omp_threads") int ompThreads,
    @JsonProperty("helpers_flag") boolean helpersFlag,
    @JsonProperty("timed_batches") int timedBatches,
    int repeat,
    @JsonProperty("wall_seconds") double wallSeconds,
    List<SizeResult> sizes,
    PeerResult peer) {

  /**
   * The PyTorch peer's own JSON in both memory formats, and the torch engine's rate on each of the
   * peer's configurations over the peer's best (the faster of NCHW and channels-last).
   */
  @JsonPropertyOrder({"script", "comparisons", "nchw", "channels_last"})
  public record PeerResult(
      String script,
      JsonNode nchw,
      @JsonProperty("channels_last") JsonNode channelsLast,
      List<Comparison> comparisons) {}

  @JsonPropertyOrder({
    "what",
    "drgrade",
    "drgrade_images_per_s",
    "peer_nchw",
    "peer_channels_last",
    "ratio_to_peer_best"
  })
  public record Comparison(
      String what,
      String drgrade,
      @JsonProperty("drgrade_images_per_s") double drgradeRate,
      @JsonProperty("peer_nchw") double peerNchw,
      @JsonProperty("peer_channels_last") double peerChannelsLast,
      @JsonProperty("ratio_to_peer_best") double ratioToPeerBest) {}

  /**
   * @param sparkOverSingle (b)/(a): DL4J's Spark local[2] training rate over its single-JVM
   *     default's, per round (the two are timed back to back) and summarised
   * @param torchSparkOverSingle the same for the torch engine (torch-spark-local2 over torch)
   */
  @JsonPropertyOrder({"size", "spark_over_single", "torch_spark_over_single", "variants"})
  public record SizeResult(
      int size,
      List<Entry> variants,
      @JsonProperty("spark_over_single") Rate sparkOverSingle,
      @JsonProperty("torch_spark_over_single") Rate torchSparkOverSingle) {}

  /**
   * @param onednnConv whether the first conv layer got DL4J's oneDNN helper (null for Spark: the
   *     workers build their own copies, in this JVM, with the same flag)
   * @param forward inference rate ({@code output(x, false)}); null for Spark
   * @param note how the entry was measured, where that is not obvious
   */
  @JsonPropertyOrder({
    "variant",
    "engine",
    "batch",
    "format",
    "workspaces",
    "helpers",
    "onednn_conv",
    "train",
    "forward",
    "note"
  })
  public record Entry(
      String variant,
      String engine,
      int batch,
      String workspaces,
      Boolean helpers,
      @JsonProperty("onednn_conv") Boolean onednnConv,
      Rate train,
      Rate forward,
      String note) {}

  public record Rate(
      @JsonProperty("per_round") List<Double> perRound, double median, double min, double max) {
    public static Rate of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Rate(
          values.stream().map(Rate::round).toList(),
          round(median),
          round(sorted.get(0)),
          round(sorted.get(n - 1)));
    }

    private static double round(double value) {
      return Math.round(value * 1000) / 1000.0;
    }
  }
}
