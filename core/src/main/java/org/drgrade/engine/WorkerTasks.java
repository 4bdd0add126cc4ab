package org.drgrade.engine;

import java.io.Serializable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.resource.ResourceProfile;

/**
 * How a trainer's worker tasks run, for both of drgrade's trainers: under the GPU task profile
 * (driver side, {@link #place}), and with the engine's threads set and the task's GPU taken before
 * any network (executor side, {@link #start}).
 */
final class WorkerTasks implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int threads;
  private final boolean gpuRequired;
  private final transient ResourceProfile gpuProfile; // the driver's alone

  private WorkerTasks(int threads, boolean gpuRequired, ResourceProfile gpuProfile) {
    this.threads = threads;
    this.gpuRequired = gpuRequired;
    this.gpuProfile = gpuProfile;
  }

  static WorkerTasks of(SparkConf conf, AveragingPlan plan) {
    return new WorkerTasks(
        plan.threads() > 0 ? plan.threads() : AveragingTrainer.threadsPerExecutor(conf),
        plan.gpuRequired(),
        GpuTasks.profile(conf, plan.taskGpus()));
  }

  /** The fitting tasks' RDD under the GPU task profile, when training asks for GPUs. */
  <B> JavaRDD<B> place(JavaRDD<B> fitted) {
    return gpuProfile == null ? fitted : fitted.withResources(gpuProfile);
  }

  /** In the task, before any network: the engine's threads, then the GPU Spark gave the task. */
  void start(Engine engine) {
    engine.useThreads(threads);
    GpuTasks.place(engine, gpuRequired);
  }
}
