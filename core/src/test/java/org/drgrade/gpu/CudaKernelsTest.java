package org.drgrade.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.drgrade.engine.dl4j.Nd4jBackends;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;

class CudaKernelsTest {
  private static final CudaKernels ND4J = CudaKernels.ND4J_CUDA_11_6;

  @Test
  void parsesEverySpellingOfACapability() {
    assertEquals(new ComputeCapability(8, 6), ComputeCapability.parse("8.6"));
    assertEquals(new ComputeCapability(8, 6), ComputeCapability.parse(" sm_86 "));
    assertEquals(new ComputeCapability(9, 0), ComputeCapability.parse("compute_90"));
    assertEquals(new ComputeCapability(3, 7), ComputeCapability.parse("37"));
    assertEquals(new ComputeCapability(10, 0), ComputeCapability.parse("sm_100"));
    assertEquals(new ComputeCapability(12, 0), ComputeCapability.parse("12.0"));
    for (String bad : new String[] {"", "8", "8.", "x.y", "sm_", "8.10", "abc86"}) {
      assertThrows(IllegalArgumentException.class, () -> ComputeCapability.parse(bad), bad);
    }
    assertEquals("7.5", ComputeCapability.parse("sm_75").toString());
  }

  /** The EMR GPU instance families (docs/deploy.md, GPUs): which the build's cubins can run on. */
  @Test
  void emrGpusAgainstTheNd4jCudaBuild() {
    Map<String, Boolean> expected =
        Map.of(
            "3.7", true, // K80, p2
            "7.0", true, // V100, p3
            "7.5", true, // T4, g4dn
            "8.0", true, // A100, p4d
            "8.6", true, // A10G, g5
            "8.9", true, // L4, g6 (an 8.6 cubin runs on 8.9: same major, higher minor)
            "9.0", false, // H100 p5, H200 p5e/p5en
            "10.0", false, // B200, p6
            "6.5", true, // a minor version between two cubins runs the lower one
            "2.1", false);
    expected.forEach(
        (cc, runs) -> assertEquals(runs, ND4J.runsOn(ComputeCapability.parse(cc)), cc));
  }

  /** The torch engine's CUDA libtorch: Turing and newer, Hopper included; PTX for later ones. */
  @Test
  void emrGpusAgainstTheCudaLibtorch() {
    CudaKernels torch = CudaKernels.LIBTORCH_2_7_1_CU128;
    Map<String, Boolean> expected =
        Map.of(
            "3.7", false, // K80: dropped from CUDA 12.8 builds
            "7.0", false, // V100
            "7.5", true, // T4
            "8.9", true, // L4: the 8.6 cubin
            "9.0", true, // H100, H200
            "10.0", true, // B200
            "12.0", true,
            "12.1", true); // by PTX
    expected.forEach(
        (cc, runs) -> assertEquals(runs, torch.runsOn(ComputeCapability.parse(cc)), cc));
    String line = torch.problem("0 (Tesla V100)", ComputeCapability.parse("7.0")).orElseThrow();
    assertTrue(line.contains("libtorch 2.7.1+cu128") && line.endsWith("CPU build."), line);
    assertTrue(line.contains("12.0 and newer (PTX)"), line);
  }

  @Test
  void theLineForAnUnsupportedGpuNamesItAndWhatIsSupported() {
    String line = ND4J.problem("0 (NVIDIA H200)", ComputeCapability.parse("9.0")).orElseThrow();
    assertTrue(line.contains("NVIDIA H200") && line.contains("compute capability 9.0"), line);
    assertTrue(
        line.contains("3.x from 3.7, 5.x from 5.0, 6.x from 6.0, 7.x from 7.0, 8.x from 8.0"),
        line);
    assertFalse(line.contains("\n"), "one line");
    assertTrue(ND4J.problem("0 (Tesla T4)", ComputeCapability.parse("7.5")).isEmpty());
  }

  /**
   * ND4J's CUDA environment information, as its CudaExecutioner fills it, read back into devices.
   */
  @Test
  void readsDevicesFromNd4jEnvironmentInformation() {
    Properties env = new Properties();
    env.put(Nd4jEnvironment.BACKEND_KEY, "CUDA");
    env.put(
        Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY,
        List.of(
            Map.of(
                Nd4jEnvironment.CUDA_DEVICE_NAME_KEY,
                "Tesla T4",
                Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY,
                7L,
                Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY,
                5L),
            Map.of(
                Nd4jEnvironment.CUDA_DEVICE_NAME_KEY,
                "NVIDIA H200",
                Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY,
                9,
                Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY,
                0)));
    List<Nd4jBackends.Device> devices = Nd4jBackends.devices(env);
    assertEquals(
        List.of(
            new Nd4jBackends.Device(0, "Tesla T4", new ComputeCapability(7, 5)),
            new Nd4jBackends.Device(1, "NVIDIA H200", new ComputeCapability(9, 0))),
        devices);
    assertTrue(
        Nd4jBackends.problem(devices, ND4J)
            .orElseThrow()
            .startsWith("GPU 1 (NVIDIA H200) has compute capability 9.0"));
    assertTrue(Nd4jBackends.problem(devices.subList(0, 1), ND4J).isEmpty());
    assertTrue(Nd4jBackends.devices(new Properties()).isEmpty(), "CPU backend: no devices");
  }

  /** This (CPU) build: the check passes and names the backend. */
  @Test
  void theCpuBackendPassesTheCheck() {
    Nd4jBackends.checkAtStart();
    assertEquals("CPU", Nd4jBackends.backend());
  }
}
