package org.drgrade.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.drgrade.gpu.ComputeCapability;
import org.drgrade.gpu.CudaKernels;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend of this JVM, and the start-up check that its GPUs can run the build's kernels.
 * Which backend a JVM loads is ND4J's choice by priority (environment variables
 * BACKEND_PRIORITY_CPU, default 0, and BACKEND_PRIORITY_GPU, default 100, read once at start): the
 * cuda build carries both, and its launch settings give the driver CPU priority.
 */
public final class Nd4jBackends {
  private static final Logger LOG = LogManager.getLogger(Nd4jBackends.class);
  private static volatile String checked;

  private Nd4jBackends() {}

  /** One device as ND4J's CUDA backend reports it. */
  public record Device(int index, String name, ComputeCapability capability) {}

  /** "CPU" or "CUDA", as ND4J's environment information names the loaded backend. */
  public static String backend() {
    return String.valueOf(
        Nd4j.getExecutioner().getEnvironmentInformation().get(Nd4jEnvironment.BACKEND_KEY));
  }

  /** The CUDA devices of this JVM's backend (empty on the CPU backend). */
  @SuppressWarnings("unchecked")
  public static List<Device> devices(Properties env) {
    List<Device> out = new ArrayList<>();
    Object list = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
    if (list instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        Map<String, Object> d = (Map<String, Object>) l.get(i);
        out.add(
            new Device(
                i,
                String.valueOf(d.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)),
                new ComputeCapability(
                    ((Number) d.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY)).intValue(),
                    ((Number) d.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY)).intValue())));
      }
    }
    return out;
  }

  /** The first device the kernels cannot run on, as one line; empty when all can (or on CPU). */
  public static Optional<String> problem(List<Device> devices, CudaKernels kernels) {
    return devices.stream()
        .map(d -> kernels.problem(d.index() + " (" + d.name() + ")", d.capability()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * Once per JVM, before the first ND4J work of a command (driver) or of a training task
   * (executor): logs the backend and devices, and stops with one line on a GPU the build cannot
   * run.
   */
  public static void checkAtStart() {
    if (checked != null) {
      return;
    }
    synchronized (Nd4jBackends.class) {
      if (checked != null) {
        return;
      }
      Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
      String backend = String.valueOf(env.get(Nd4jEnvironment.BACKEND_KEY));
      List<Device> devices = devices(env);
      Optional<String> problem = problem(devices, CudaKernels.ND4J_CUDA_11_6);
      if (problem.isPresent()) {
        throw new UnsupportedGpuException(problem.get());
      }
      LOG.info("ND4J backend {}{}", backend, devices.isEmpty() ? "" : " on " + devices);
      checked = backend;
    }
  }

  /** A GPU the build has no kernels for: the message is the one line for the user. */
  public static final class UnsupportedGpuException extends IllegalStateException {
    UnsupportedGpuException(String message) {
      super(message);
    }
  }
}
