package org.drgrade.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.drgrade.engine.Placement;
import org.junit.jupiter.api.Test;

class TorchKernelsTest {
  @Test
  void aLibtorchBuildWithoutAKnownArchitectureListIsUsedUncheckedNotRefused() {
    // Only libtorch 2.7.1+cu128 has a known list; another CUDA build on a GPU is not refused.
    Placement other =
        new Placement("torch", List.of("0"), "gpu(0)", true, "libtorch 2.5.0 cu124", null);
    assertEquals(Optional.empty(), TorchEngine.kernelProblem(other));
  }
}
