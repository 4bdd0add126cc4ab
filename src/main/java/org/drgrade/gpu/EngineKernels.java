package org.drgrade.gpu;

import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.drgrade.engine.Placement;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each engine checks only its own kernels against the GPU it was placed on: DL4J its ND4J CUDA 11.6
 * build (compute capability up to 8.6), the torch engine its CUDA libtorch (7.5 to 12.0, by PTX
 * newer). A torch-engine task is never stopped by DL4J's limits, nor the reverse.
 */
public final class EngineKernels {
  private static final Logger LOG = LogManager.getLogger(EngineKernels.class);

  private EngineKernels() {}

  /** The placement, with the reason its GPU cannot run the engine's kernels when it cannot. */
  public static Placement check(Placement placement) {
    if (!placement.cuda()) {
      return placement;
    }
    Optional<String> problem = placement.engine().equals("dl4j") ? nd4j() : libtorch(placement);
    return problem.map(placement::withProblem).orElse(placement);
  }

  private static Optional<String> nd4j() {
    return Backends.problem(
        Backends.devices(Nd4j.getExecutioner().getEnvironmentInformation()),
        CudaKernels.ND4J_CUDA_11_6);
  }

  /** Only the build drgrade's EMR bootstrap installs has a known list; others go unchecked. */
  private static Optional<String> libtorch(Placement placement) {
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
}
