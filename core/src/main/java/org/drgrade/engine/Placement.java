package org.drgrade.engine;

import java.io.Serializable;
import java.util.List;

/**
 * Where one task's networks run, as the engine placed them: the GPUs Spark gave the task, the
 * device the engine took and whether it is CUDA. A task given a GPU whose engine would still run on
 * the CPU must not train: {@link #refusal()} says why in one line.
 *
 * @param build the engine's native build as it names itself (e.g. "libtorch 2.7.1 cu128")
 * @param problem why a GPU cannot be used, or null
 */
public record Placement(
    String engine, List<String> gpus, String device, boolean cuda, String build, String problem)
    implements Serializable {

  public Placement {
    gpus = List.copyOf(gpus);
  }

  /** True when Spark gave the task a GPU, which it must then train on. */
  public boolean gpuGiven() {
    return !gpus.isEmpty();
  }

  /** The same placement, found unable to run its kernels for the reason given. */
  public Placement withProblem(String reason) {
    return new Placement(engine, gpus, device, false, build, reason);
  }

  /** The one line that stops a task given a GPU its engine does not run on; null when fine. */
  public String refusal() {
    if (!gpuGiven() || cuda) {
      return null;
    }
    return "the "
        + engine
        + " engine was given GPU "
        + String.join(",", gpus)
        + " but would train on "
        + device
        + ": "
        + (problem == null ? build + " did not load its CUDA build" : problem);
  }
}
