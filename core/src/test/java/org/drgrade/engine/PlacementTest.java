package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each engine placed on a GPU Spark gave a task, on this GPU-less machine with the jar's CPU
 * builds: neither can use it, and each says why in one line; without a GPU nothing is refused.
 */
class PlacementTest {
  @Test
  void aGivenGpuEitherEngineCannotUseIsRefusedWithTheEngineTheDeviceAndTheCause() {
    Placement torch = Engines.of("torch").place(List.of("0"));
    assertFalse(torch.cuda());
    assertEquals("cpu()", torch.device(), "the task's networks stay on the CPU");
    String line = torch.refusal();
    assertTrue(
        line.startsWith("the torch engine was given GPU 0 but would train on cpu")
            && line.contains("here is a CPU build")
            && line.contains("bootstrap-libtorch.sh"),
        line);
    Placement dl4j = Engines.of("dl4j").place(List.of("1"));
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
    Placement torch = Engines.of("torch").place(List.of());
    assertNull(torch.refusal());
    assertEquals("cpu()", torch.device());
    assertNull(Engines.of("dl4j").place(List.of()).refusal());
  }
}
