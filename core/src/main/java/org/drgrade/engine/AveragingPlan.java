package org.drgrade.engine;

/**
 * How a distributed trainer averages: the settings of drgrade.train that every engine's trainer
 * reads.
 *
 * @param workers training tasks per round
 * @param batchSize images per minibatch
 * @param averagingFrequency minibatches each worker fits between two averagings
 * @param seed the trainer's seed
 * @param threads one network's threads in an executor JVM; 0 = all the executor's cores
 * @param taskGpus GPUs per training task; 0 = no resource profile
 * @param gpuRequired whether a task given a GPU it cannot use stops the job (else it is warned)
 * @param averaging whose averaging: {@link #DRGRADE}, {@link #ALLREDUCE} or {@link
 *     #ALLREDUCE_OVERLAP} (every engine), {@link #DL4J_MASTER} or {@link #DL4J_SHARED} (DL4J's own
 *     masters, the DL4J engine only)
 */
public record AveragingPlan(
    int workers,
    int batchSize,
    int averagingFrequency,
    long seed,
    int threads,
    int taskGpus,
    boolean gpuRequired,
    String averaging) {
  /** drgrade's {@link AveragingTrainer}. */
  public static final String DRGRADE = "drgrade";

  /** drgrade's {@link AllreduceTrainer}: the workers average among themselves, by ring. */
  public static final String ALLREDUCE = "allreduce";

  /**
   * {@link #ALLREDUCE} with each round's all-reduce running while the next round fits, its mean
   * taken one round late ({@link RingRounds}).
   */
  public static final String ALLREDUCE_OVERLAP = "allreduce-overlap";

  /** DL4J's own ParameterAveragingTrainingMaster (DL4J engine only). */
  public static final String DL4J_MASTER = "dl4j-master";

  /** DL4J's own SharedTrainingMaster: gradient sharing (DL4J engine only). */
  public static final String DL4J_SHARED = "dl4j-shared";
}
