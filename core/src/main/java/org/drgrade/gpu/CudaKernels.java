package org.drgrade.gpu;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which GPUs a build's CUDA kernels can run on. nd4j-cuda-11.6 1.0.0-M2.1 (the last DL4J release
 * with a CUDA backend) carries its kernels as SASS (cubins) for a fixed list of compute
 * capabilities and no PTX, so the driver cannot JIT-compile them for anything newer. A cubin built
 * for X.y runs on X.z with z >= y (same major version) and on nothing else; CUDA 11.6 itself cannot
 * target 9.0 (Hopper) at all.
 */
public record CudaKernels(String build, List<ComputeCapability> sass, List<ComputeCapability> ptx) {
  /**
   * The cubins in libnd4jcuda.so of org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64, read from its
   * .nv_fatbin headers by submit/cuda-archs.py: 228 kernels each for sm_37 to sm_86, no PTX.
   */
  public static final CudaKernels ND4J_CUDA_11_6 =
      new CudaKernels(
          "nd4j-cuda-11.6 1.0.0-M2.1 (CUDA 11.6)",
          List.of(
              cc("3.7"), cc("5.0"), cc("5.2"), cc("6.0"), cc("6.1"), cc("7.0"), cc("7.5"),
              cc("8.0"), cc("8.6")),
          List.of());

  /**
   * The CUDA libtorch submit/emr/bootstrap-libtorch.sh installs (2.7.1+cu128), as PyTorch's release
   * builds set TORCH_CUDA_ARCH_LIST for CUDA 12.8: "7.5;8.0;8.6;9.0;10.0;12.0+PTX". Not read from
   * the binary here (the cu128 libtorch cannot be fetched on this project's machines); on a node,
   * {@code python3 submit/cuda-archs.py /opt/libtorch/lib/libtorch_cuda.so} lists what it carries.
   */
  public static final CudaKernels LIBTORCH_2_7_1_CU128 =
      new CudaKernels(
          "libtorch 2.7.1+cu128 (CUDA 12.8)",
          List.of(cc("7.5"), cc("8.0"), cc("8.6"), cc("9.0"), cc("10.0"), cc("12.0")),
          List.of(cc("12.0")));

  private static ComputeCapability cc(String s) {
    return ComputeCapability.parse(s);
  }

  /**
   * True when some cubin of the build runs on a device of this capability, or some PTX the driver
   * can compile for it (PTX for X.y compiles for any X.y or newer).
   */
  public boolean runsOn(ComputeCapability device) {
    return sass.stream().anyMatch(k -> k.major() == device.major() && k.minor() <= device.minor())
        || ptx.stream().anyMatch(p -> p.compareTo(device) <= 0);
  }

  /** Empty when the device can run this build; else the one line that says why not and what can. */
  public Optional<String> problem(String device, ComputeCapability capability) {
    if (runsOn(capability)) {
      return Optional.empty();
    }
    return Optional.of(
        "GPU "
            + device
            + " has compute capability "
            + capability
            + ", which "
            + build
            + " has no kernels for; it runs on compute capability "
            + supported()
            + ". Use a GPU it supports or the CPU build.");
  }

  /** "3.7, 5.0-5.3, ..." style summary: each major version from its lowest cubin up. */
  public String supported() {
    return sass.stream()
            .collect(
                Collectors.groupingBy(
                    ComputeCapability::major, java.util.TreeMap::new, Collectors.toList()))
            .values()
            .stream()
            .map(l -> l.get(0).major() + ".x from " + l.get(0))
            .collect(Collectors.joining(", "))
        + ptx.stream().map(p -> ", " + p + " and newer (PTX)").collect(Collectors.joining());
  }
}
