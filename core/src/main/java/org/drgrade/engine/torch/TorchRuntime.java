package org.drgrade.engine.torch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.drgrade.engine.Placement;

/**
 * libtorch in this JVM, loaded once through DJL. The CPU build comes from the bundled {@code
 * pytorch-native-cpu} jar, unpacked by DJL under {@code ENGINE_CACHE_DIR} (default ~/.djl.ai);
 * offline mode is forced so a missing library is an error, not a download. A GPU cluster points
 * {@code PYTORCH_LIBRARY_PATH} at a CUDA build of libtorch (see docs/deploy.md, GPUs).
 */
final class TorchRuntime {
  static final String ENGINE = "PyTorch";

  /**
   * Held for every call into libtorch: one network's native work at a time in a JVM. Spark runs
   * several tasks per executor JVM, each with its own network, and libtorch's oneDNN convolutions
   * are not safe to run from several threads at once: on this project's CI a concurrent start
   * aborted the JVM, an earlier run crashed in brgemm_convolution (SIGSEGV), and DJL and PyTorch
   * report the same (deepjavalibrary/djl#2733, pytorch/pytorch#16828). Tasks therefore take turns
   * and each uses all of the executor's cores through libtorch's intra-op threads, which costs
   * little: one network's convolutions already spread over those cores.
   */
  static final Object LOCK = new Object();

  private TorchRuntime() {}

  static Engine engine() {
    synchronized (LOCK) {
      return loadedEngine();
    }
  }

  private static Engine loadedEngine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (!Engine.hasEngine(ENGINE)) {
      throw new IllegalStateException(
          "libtorch (DJL's PyTorch engine) is not on the classpath: drgrade.train.engine = torch"
              + " needs ai.djl.pytorch:pytorch-engine and a libtorch native build");
    }
    return Engine.getEngine(ENGINE);
  }

  /** The device {@link #place} chose for this thread's networks (a Spark task runs in one). */
  private static final ThreadLocal<Device> PLACED = new ThreadLocal<>();

  /**
   * Where this thread's networks live: where {@link #place} put them, else DJL's default (the first
   * GPU when DJL finds one, else the CPU).
   */
  static Device device() {
    Device placed = PLACED.get();
    return placed != null ? placed : engine().defaultDevice();
  }

  /**
   * Puts this thread's networks on the task's first GPU when the loaded libtorch is a CUDA build.
   * Whether it is comes from libtorch itself (its compiled features), not from DJL's search for a
   * system libcudart, which a CUDA libtorch does not need: it carries its own under a hashed name,
   * and DJL's default device then stays the CPU.
   */
  static Placement place(List<String> gpus) {
    Engine engine = engine();
    String build =
        "libtorch "
            + engine.getVersion()
            + " "
            + System.getenv().getOrDefault("PYTORCH_FLAVOR", "cpu");
    if (gpus.isEmpty()) {
      PLACED.remove();
      Device d = device();
      return new Placement("torch", gpus, d.toString(), d.isGpu(), build, null);
    }
    if (!engine.hasCapability(StandardCapabilities.CUDA)) {
      PLACED.set(Device.cpu());
      return new Placement(
          "torch",
          gpus,
          Device.cpu().toString(),
          false,
          build,
          "libtorch "
              + engine.getVersion()
              + " here is a CPU build (PYTORCH_LIBRARY_PATH="
              + System.getenv().getOrDefault("PYTORCH_LIBRARY_PATH", "unset")
              + "; submit/emr/bootstrap-libtorch.sh installs the CUDA one)");
    }
    Device gpu = Device.gpu(Integer.parseInt(gpus.get(0).strip()));
    PLACED.set(gpu);
    return new Placement("torch", gpus, gpu.toString(), true, build, null);
  }

  /** The intra-op thread count this JVM's libtorch was fixed at; 0 = not yet. */
  private static int fixedThreads;

  /**
   * Fixes libtorch's intra-op threads for this process, once: the first network built (or the first
   * call here) decides, later requests are ignored. oneDNN primitives are cached per process and
   * partition their work for the thread count they were created under; a conv primitive made under
   * one count and run under another crashed the JVM (SIGSEGV in brgemm_convolution, two Spark tasks
   * in one JVM, one of them having just changed the count).
   */
  static void threads(int threads) {
    synchronized (LOCK) {
      loadedEngine();
      if (fixedThreads == 0) {
        if (JniUtils.getNumThreads() != threads) {
          JniUtils.setNumThreads(threads);
        }
        fixedThreads = threads;
      }
    }
  }

  /** Fixes the thread count at libtorch's current one unless a count was fixed already. */
  static void fixThreads() {
    synchronized (LOCK) {
      loadedEngine();
      if (fixedThreads == 0) {
        threads(JniUtils.getNumThreads());
      }
    }
  }

  /** The thread count fixed for this JVM (libtorch's current one if none was fixed yet). */
  static int fixedThreads() {
    synchronized (LOCK) {
      loadedEngine();
      return fixedThreads == 0 ? JniUtils.getNumThreads() : fixedThreads;
    }
  }
}
