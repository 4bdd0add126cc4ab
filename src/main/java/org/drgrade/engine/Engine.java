package org.drgrade.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The training engines behind {@link GradingNetwork}: DL4J (the default, with DL4J's own Spark
 * parameter averaging) and libtorch through DJL. Chosen by {@code drgrade.train.engine}; a model
 * directory records which engine wrote its networks.
 */
public enum Engine {
  DL4J("dl4j"),
  TORCH("torch");

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  /** The name in config and model.json. */
  public String id() {
    return id;
  }

  public static Engine of(String id) {
    return Arrays.stream(values())
        .filter(e -> e.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown engine '"
                        + id
                        + "'; known: "
                        + Arrays.stream(values()).map(Engine::id).toList()));
  }

  /** A freshly initialised network. */
  public GradingNetwork create(NetworkSpec spec) {
    return switch (this) {
      case DL4J -> Dl4jNetwork.create(spec);
      case TORCH -> TorchNetwork.create(spec);
    };
  }

  /** The engine that wrote a checkpoint (from the files in its zip). */
  public static Engine writerOf(byte[] checkpoint) {
    return EngineFiles.engineOf(checkpoint);
  }

  /** A network from a checkpoint this engine wrote; a clear error for the other engine's files. */
  public GradingNetwork read(byte[] checkpoint) {
    Engine writer = EngineFiles.engineOf(checkpoint);
    if (writer != this) {
      throw new IllegalArgumentException(
          "checkpoint was written by engine '"
              + writer.id
              + "', not '"
              + id
              + "': set drgrade.train.engine = "
              + writer.id
              + " or train into a new output");
    }
    return switch (this) {
      case DL4J -> Dl4jNetwork.read(checkpoint);
      case TORCH -> TorchNetwork.read(checkpoint);
    };
  }

  /**
   * Places the networks this thread builds from now on: on the first of the GPUs Spark gave the
   * task ({@code TaskContext.resources()}), else where the engine runs by default. The engine's own
   * build decides whether it can use the GPU, never a system library; the caller refuses a
   * placement with {@link Placement#refusal()}.
   */
  public Placement place(List<String> gpus) {
    return switch (this) {
      case DL4J -> Dl4jNetwork.place(gpus);
      case TORCH -> TorchRuntime.place(gpus);
    };
  }

  /**
   * Sets how many threads one network's maths may use in this JVM (libtorch's intra-op pool; DL4J
   * keeps its own setting). Spark runs several tasks per executor, each with its own network. For
   * libtorch the first request in a JVM (or the first network built) fixes the count for good; call
   * it before building networks.
   */
  public void useThreads(int threads) {
    if (this == TORCH && threads > 0) {
      TorchRuntime.threads(threads);
    }
  }
}
