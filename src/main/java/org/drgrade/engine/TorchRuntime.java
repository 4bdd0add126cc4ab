package org.drgrade.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch in this JVM, loaded once through DJL. The CPU build comes from the bundled {@code
 * pytorch-native-cpu} jar, unpacked by DJL under {@code ENGINE_CACHE_DIR} (default ~/.djl.ai);
 * offline mode is forced so a missing library is an error, not a download. A GPU cluster points
 * {@code PYTORCH_LIBRARY_PATH} at a CUDA build of libtorch (see the README).
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

  /**
   * Where networks live: the first GPU when the loaded libtorch is a CUDA build and sees one (one
   * GPU per executor, as conf/emr-gpu.conf gives), else the CPU.
   */
  static Device device() {
    return engine().defaultDevice();
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
