package org.drgrade.config;

/**
 * A task was given a GPU its engine would not train on (a CPU build of the engine, no CUDA runtime,
 * a GPU the build has no kernels for). Training stops before its first minibatch, and the job ends
 * with exit code 1 and this one line, rather than train on the CPU unnoticed.
 */
public final class DeviceRefused extends RuntimeException {
  public DeviceRefused(String message) {
    super(message);
  }
}
