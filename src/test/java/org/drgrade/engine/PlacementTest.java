package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drgrade.gpu.EngineKernels;
import org.junit.jupiter.api.Test;

/**
 * Each engine placed on a GPU Spark gave a task, on this GPU-less machine with the jar's CPU
 * builds: neither can use it, and each says why in one line; without a GPU nothing is refused.
 */
class PlacementTest {
  @Test
  void aGivenGpuEitherEngineCannotUseIsRefusedWithTheEngineTheDeviceAndTheCause() {
    Placement torch = Engine.TORCH.place(List.of("0"));
    assertFalse(torch.cuda());
    assertEquals("cpu()", TorchRuntime.device().toString(), "the task's networks stay on the CPU");
    String line = torch.refusal();
    assertTrue(
        line.startsWith("the torch engine was given GPU 0 but would train on cpu")
            && line.contains("here is a CPU build")
            && line.contains("bootstrap-libtorch.sh"),
        line);
    Placement dl4j = Engine.DL4J.place(List.of("1"));
    assertTrue(
        dl4j.refusal()
            .startsWith(
                "the dl4j engine was given GPU 1 but would train on cpu: ND4J"
                    + " loaded its CPU backend"),
        dl4j.refusal());
    assertFalse(line.contains("\n") || dl4j.refusal().contains("\n"), "one line each");
  }

  @Test
  void withoutAGpuNothingIsRefused() {
    Placement torch = Engine.TORCH.place(List.of());
    assertNull(torch.refusal());
    assertEquals("cpu()", torch.device());
    assertNull(Engine.DL4J.place(List.of()).refusal());
  }

  @Test
  void aLibtorchBuildWithoutAKnownArchitectureListIsUsedUncheckedNotRefused() {
    // Only libtorch 2.7.1+cu128 has a known list; another CUDA build on a GPU is not refused.
    Placement other =
        new Placement("torch", List.of("0"), "gpu(0)", true, "libtorch 2.5.0 cu124", null);
    assertEquals(other, EngineKernels.check(other));
    // Where the device is not CUDA, there is nothing to check.
    Placement cpu = new Placement("dl4j", List.of(), "cpu", false, "ND4J CPU backend", null);
    assertEquals(cpu, EngineKernels.check(cpu));
  }
}
