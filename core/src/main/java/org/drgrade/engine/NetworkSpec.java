package org.drgrade.engine;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything that shapes the grading network and its optimiser (docs/method.md, The network).
 *
 * @param inputSize side of the square input crop in pixels (448 in the reference; 112 or 128 for
 *     quick runs); six halving pools take 448 to 7
 * @param channels colour channels of the input (3: R, G, B)
 * @param dropProbability probability of DROPPING a unit in the dropout before FC1; {@link
 *     #keepProbability()} converts to DL4J's convention
 * @param l2 L2 coefficient on the weights of conv, FC1 and FC2 (not on biases, not on batch-norm
 *     scale/shift, which DL4J never regularises)
 * @param momentum Nesterov momentum of SGD
 * @param learningRates epoch (0-based) from which a rate applies -> rate; must hold epoch 0. The
 *     reference lowered the rate by hand a few times; this is that plan written down in advance
 * @param seed seed of the weight initialisation and of dropout
 * @param leakyReluSlope negative-side slope of every ReLU (after each conv's batch norm and after
 *     FC1's): 0 = plain ReLU (the reference network), e.g. 0.01 = leaky ReLU; in [0, 1). A spec
 *     read from JSON written before this field existed (a torch checkpoint's header) has 0
 * @param head the last layer and its loss: the reference's 5-way softmax, or a 1-unit regression of
 *     the grade; null (a spec read from JSON written before this field existed) is softmax
 */
public record NetworkSpec(
    int inputSize,
    int channels,
    double dropProbability,
    double l2,
    double momentum,
    SortedMap<Integer, Double> learningRates,
    long seed,
    double leakyReluSlope,
    OutputHead head)
    implements Serializable {

  public static final int REFERENCE_INPUT = 448;
  public static final int CLASSES = 5;

  /** Number of 2x halving pools: the last feature map is inputSize / 64 (rounded up). */
  public static final int POOLS = 6;

  // The layout and the optimiser's fixed constants, stated once: every engine builds from these
  // and ModelSummary describes them. Nine 3x3 convs (stride 1, padding 1, bias), each followed by
  // batch norm and the activation; a max pool 3x3/2 (ceil(n/2)) after the convs marked in
  // POOL_AFTER; dropout, FC1 with batch norm and the activation, FC2.
  private static final int[] CONV_FILTERS = {16, 16, 32, 32, 64, 64, 96, 96, 128};
  private static final boolean[] POOL_AFTER = {
    false, true, false, true, false, true, true, true, true
  };

  /** Units of FC1, the dense layer before the output. */
  public static final int FC1_UNITS = 96;

  /** Side of every conv kernel and of every pool window. */
  public static final int KERNEL = 3;

  /**
   * Each layer's gradient is clipped to this L2 norm: a high first learning rate under parameter
   * averaging occasionally blew up (loss 1.4 -> 27 in one of several identical local runs), and
   * clipping each layer's gradient norm stopped that.
   */
  public static final double GRADIENT_CLIP = 1.0;

  /** Batch norm's running-statistics decay (DL4J's decay; PyTorch's momentum is 1 - this). */
  public static final double BATCH_NORM_DECAY = 0.9;

  /** Batch norm's epsilon. */
  public static final double BATCH_NORM_EPSILON = 1e-5;

  /** Filters of the nine convs, in order. */
  public static int[] convFilters() {
    return CONV_FILTERS.clone();
  }

  /** Whether a pool follows conv {@code i}. */
  public static boolean poolAfter(int i) {
    return POOL_AFTER[i];
  }

  public NetworkSpec {
    if (inputSize < 1 << POOLS) {
      throw new IllegalArgumentException("input size " + inputSize + " below " + (1 << POOLS));
    }
    if (channels < 1) {
      throw new IllegalArgumentException("channels " + channels);
    }
    if (!(dropProbability >= 0 && dropProbability < 1)) {
      throw new IllegalArgumentException("drop probability " + dropProbability + " not in [0,1)");
    }
    if (!(l2 >= 0) || !(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("l2 " + l2 + " or momentum " + momentum + " out of range");
    }
    if (!(leakyReluSlope >= 0 && leakyReluSlope < 1)) {
      throw new IllegalArgumentException("leaky ReLU slope " + leakyReluSlope + " not in [0,1)");
    }
    head = head == null ? OutputHead.SOFTMAX : head;
    learningRates = Collections.unmodifiableSortedMap(new TreeMap<>(learningRates));
    if (!learningRates.containsKey(0)) {
      throw new IllegalArgumentException(
          "learning-rate plan must start at epoch 0: " + learningRates);
    }
    if (learningRates.values().stream().anyMatch(rate -> !(rate > 0))) {
      throw new IllegalArgumentException("learning rates must be positive: " + learningRates);
    }
  }

  /** A spec with the reference's softmax head. */
  public NetworkSpec(
      int inputSize,
      int channels,
      double dropProbability,
      double l2,
      double momentum,
      SortedMap<Integer, Double> learningRates,
      long seed,
      double leakyReluSlope) {
    this(
        inputSize,
        channels,
        dropProbability,
        l2,
        momentum,
        learningRates,
        seed,
        leakyReluSlope,
        OutputHead.SOFTMAX);
  }

  /** The reference network at 448 px with our default optimiser settings. */
  public static NetworkSpec reference() {
    return new NetworkSpec(
        REFERENCE_INPUT,
        3,
        0.5,
        5e-4,
        0.9,
        new TreeMap<>(Map.of(0, 0.01, 30, 0.003, 45, 0.001)),
        2015L,
        0.0);
  }

  public NetworkSpec withInputSize(int size) {
    return new NetworkSpec(
        size, channels, dropProbability, l2, momentum, learningRates, seed, leakyReluSlope, head);
  }

  public NetworkSpec withLearningRates(Map<Integer, Double> rates) {
    return new NetworkSpec(
        inputSize,
        channels,
        dropProbability,
        l2,
        momentum,
        new TreeMap<>(rates),
        seed,
        leakyReluSlope,
        head);
  }

  /** The same network with every ReLU's negative-side slope set to {@code slope} (0 = ReLU). */
  public NetworkSpec withLeakyReluSlope(double slope) {
    return new NetworkSpec(
        inputSize, channels, dropProbability, l2, momentum, learningRates, seed, slope, head);
  }

  /** The same network with another last layer and loss. */
  public NetworkSpec withHead(OutputHead other) {
    return new NetworkSpec(
        inputSize,
        channels,
        dropProbability,
        l2,
        momentum,
        learningRates,
        seed,
        leakyReluSlope,
        other);
  }

  /** Whether the ReLUs are leaky (slope above 0). */
  public boolean leakyRelu() {
    return leakyReluSlope > 0;
  }

  /** The activation in words: "ReLU" or "leaky ReLU (slope 0.01)". */
  public String activationText() {
    return leakyRelu() ? "leaky ReLU (slope " + leakyReluSlope + ")" : "ReLU";
  }

  /**
   * The plan's learning rate at {@code epoch} (0-based): the rate of the last step at or before it.
   */
  public double rateAt(int epoch) {
    return learningRates.get(learningRates.headMap(epoch + 1).lastKey());
  }

  /** DL4J's dropout parameter is the probability of KEEPING a unit. */
  public double keepProbability() {
    return 1.0 - dropProbability;
  }

  /** Side of the last feature map (7 at 448): each Same-mode 3x3/2 pool gives ceil(n/2). */
  public int finalFeatureSize() {
    int size = inputSize;
    for (int i = 0; i < POOLS; i++) {
      size = (size + 1) / 2;
    }
    return size;
  }
}
