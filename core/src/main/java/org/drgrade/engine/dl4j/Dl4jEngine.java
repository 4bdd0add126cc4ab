package org.drgrade.engine.dl4j;

import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.DistributedTrainer;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.Placement;
import org.drgrade.gpu.CudaKernels;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J: networks on ND4J (oneDNN on the CPU, its CUDA 11.6 build on GPUs), trained over Spark by
 * DL4J's own parameter-averaging master. The default engine.
 */
public final class Dl4jEngine implements Engine {
  public static final String ID = "dl4j";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public GradingNetwork create(NetworkSpec spec) {
    return Dl4jNetwork.create(spec);
  }

  @Override
  public GradingNetwork readOwn(byte[] checkpoint) {
    return Dl4jNetwork.read(checkpoint);
  }

  /** On a GPU, ND4J's CUDA 11.6 kernels must exist for it (compute capability up to 8.6). */
  @Override
  public Placement place(List<String> gpus) {
    Placement placement = Dl4jNetwork.place(gpus);
    if (!placement.cuda()) {
      return placement;
    }
    Optional<String> problem =
        Nd4jBackends.problem(
            Nd4jBackends.devices(Nd4j.getExecutioner().getEnvironmentInformation()),
            CudaKernels.ND4J_CUDA_11_6);
    return problem.map(placement::withProblem).orElse(placement);
  }

  /** ND4J keeps its own thread setting (OMP_NUM_THREADS). */
  @Override
  public void useThreads(int threads) {}

  /** The driver's ND4J backend (CPU unless told otherwise); one line if its GPU lacks kernels. */
  @Override
  public void checkDriver() {
    Nd4jBackends.checkAtStart();
  }

  @Override
  public DistributedTrainer trainer(JavaSparkContext sc, GradingNetwork net, AveragingPlan plan) {
    return switch (plan.averaging()) {
      case AveragingPlan.DL4J_MASTER ->
          Dl4jMasterTrainer.parameterAveraging(sc, (Dl4jNetwork) net, plan);
      case AveragingPlan.DL4J_SHARED ->
          Dl4jMasterTrainer.gradientSharing(sc, (Dl4jNetwork) net, plan);
      default -> Engine.super.trainer(sc, net, plan);
    };
  }
}
