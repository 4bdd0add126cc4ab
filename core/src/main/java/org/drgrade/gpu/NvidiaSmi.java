package org.drgrade.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A GPU's compute capability from the driver's own tool, for engines that do not report it (DJL's
 * PyTorch engine asks a system libcudart, which a CUDA libtorch does not need and a node may lack).
 * Empty where nvidia-smi is absent or says nothing usable.
 */
public final class NvidiaSmi {
  private NvidiaSmi() {}

  public static Optional<ComputeCapability> capability(int address) {
    try {
      Process p =
          new ProcessBuilder(
                  "nvidia-smi",
                  "--query-gpu=compute_cap",
                  "--format=csv,noheader",
                  "-i",
                  String.valueOf(address))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(ComputeCapability.parse(out));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
