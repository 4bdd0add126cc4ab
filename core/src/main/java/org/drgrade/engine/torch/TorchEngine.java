package org.drgrade.engine.torch;

import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.drgrade.engine.AveragingTrainer;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.Placement;
import org.drgrade.gpu.ComputeCapability;
import org.drgrade.gpu.CudaKernels;
import org.drgrade.gpu.NvidiaSmi;

/**
 * libtorch through DJL: the CPU build bundled, a CUDA build on GPU clusters, trained over Spark by
 * drgrade's own {@link AveragingTrainer}.
 */
public final class TorchEngine implements Engine {
  public static final String ID = "torch";
  private static final Logger LOG = LogManager.getLogger(TorchEngine.class);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public GradingNetwork create(NetworkSpec spec) {
    return TorchNetwork.create(spec);
  }

  @Override
  public GradingNetwork readOwn(byte[] checkpoint) {
    return TorchNetwork.read(checkpoint);
  }

  /**
   * On a GPU, the CUDA libtorch must have kernels for it (7.5 to 12.0, newer by PTX); only the
   * build drgrade's EMR bootstrap installs has a known list, others go unchecked. DL4J's limits
   * never stop a torch task.
   */
  @Override
  public Placement place(List<String> gpus) {
    Placement placement = TorchRuntime.place(gpus);
    if (!placement.cuda()) {
      return placement;
    }
    return kernelProblem(placement).map(placement::withProblem).orElse(placement);
  }

  static Optional<String> kernelProblem(Placement placement) {
    if (!placement.build().startsWith("libtorch 2.7.1") || !placement.build().endsWith("cu128")) {
      LOG.warn(
          "torch engine: {} has no known CUDA architecture list; {} used unchecked",
          placement.build(),
          placement.device());
      return Optional.empty();
    }
    int address = Integer.parseInt(placement.gpus().isEmpty() ? "0" : placement.gpus().get(0));
    Optional<ComputeCapability> capability = NvidiaSmi.capability(address);
    if (capability.isEmpty()) {
      LOG.warn(
          "torch engine: nvidia-smi gave no compute capability for GPU {}: unchecked", address);
      return Optional.empty();
    }
    return CudaKernels.LIBTORCH_2_7_1_CU128.problem(String.valueOf(address), capability.get());
  }

  /** libtorch's intra-op pool: the first request in a JVM fixes it for good. */
  @Override
  public void useThreads(int threads) {
    if (threads > 0) {
      TorchRuntime.threads(threads);
    }
  }

  /** Nothing to check before the first network: libtorch loads with it. */
  @Override
  public void checkDriver() {}
}
