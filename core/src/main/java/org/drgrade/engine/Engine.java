package org.drgrade.engine;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A training engine behind {@link GradingNetwork}, provided by one package of its own ({@code
 * engine/dl4j}, {@code engine/torch}) and found by {@link Engines} through {@link
 * java.util.ServiceLoader} (as DJL finds its engines): a third engine is a third package and one
 * line in {@code META-INF/services/org.drgrade.engine.Engine}. Chosen by {@code
 * drgrade.train.engine}; every checkpoint records the engine that wrote it ({@link
 * CheckpointStamp}). Stateless, so Spark ships one inside a task's closure.
 */
public interface Engine extends Serializable {

  /** The name in config, model.json and checkpoints. */
  String id();

  /** A freshly initialised network. */
  GradingNetwork create(NetworkSpec spec);

  /**
   * A network from a checkpoint of this engine's own format; {@link #read} is the checked way in.
   */
  GradingNetwork readOwn(byte[] checkpoint);

  /** A network from a checkpoint this engine wrote; a clear error for another engine's. */
  default GradingNetwork read(byte[] checkpoint) {
    Engine writer = Engines.writerOf(checkpoint);
    if (!writer.id().equals(id())) {
      throw new IllegalArgumentException(
          "checkpoint was written by engine '"
              + writer.id()
              + "', not '"
              + id()
              + "': set drgrade.train.engine = "
              + writer.id()
              + " or train into a new output");
    }
    return readOwn(checkpoint);
  }

  /**
   * Places the networks this thread builds from now on: on the first of the GPUs Spark gave the
   * task ({@code TaskContext.resources()}), else where the engine runs by default. The engine's own
   * build decides whether it can use the GPU, and the engine checks its own kernels against that
   * GPU; the caller refuses a placement with {@link Placement#refusal()}.
   */
  Placement place(List<String> gpus);

  /**
   * Sets how many threads one network's maths may use in this JVM. Spark runs several tasks per
   * executor, each with its own network; an engine whose count is fixed per process takes the first
   * request. Call it before building networks; 0 leaves the engine's default.
   */
  void useThreads(int threads);

  /** Once per command, before the driver's first network: stops with one line if it cannot run. */
  void checkDriver();

  /**
   * Synchronous parameter averaging of {@code net} over Spark, as {@code plan.averaging()} says.
   */
  default DistributedTrainer trainer(JavaSparkContext sc, GradingNetwork net, AveragingPlan plan) {
    return switch (plan.averaging()) {
      case AveragingPlan.DRGRADE -> new AveragingTrainer(sc, net, plan);
      case AveragingPlan.ALLREDUCE, AveragingPlan.ALLREDUCE_OVERLAP ->
          new AllreduceTrainer(sc, net, plan);
      default ->
          throw new IllegalArgumentException(
              "engine "
                  + id()
                  + " averages with '"
                  + AveragingPlan.DRGRADE
                  + "', '"
                  + AveragingPlan.ALLREDUCE
                  + "' or '"
                  + AveragingPlan.ALLREDUCE_OVERLAP
                  + "', not '"
                  + plan.averaging()
                  + "'");
    };
  }
}
