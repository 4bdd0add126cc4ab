package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Restores the class DL4J 1.0.0-M2 looks up before it lets a conv, batch-norm or pooling layer use
 * oneDNN. DL4J's {@code BaseMKLDNNHelper} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by
 * name and calls {@code getInstance().isUseMKLDNN()}; in M2 that class moved to {@code
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became {@code
 * isUseONEDNN()}. Without this shim every layer silently falls back to DL4J's Java im2col path,
 * about 7x slower on CPU (docs/design.md, "The oneDNN shim"). The forwarding is by reflection so
 * the CUDA build, which lacks the CPU bindings, still compiles; there the lookup answers false and
 * DL4J keeps its own (cuDNN or built-in) path.
 *
 * <p>It takes effect only together with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  public static final class Environment {
    private static final String MOVED_CLASS =
        "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the native CPU backend was built with, and enables, oneDNN. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> moved = Class.forName(MOVED_CLASS);
        Object environment = moved.getMethod("getInstance").invoke(null);
        Method useOneDnn = moved.getMethod("isUseONEDNN");
        return (Boolean) useOneDnn.invoke(environment);
      } catch (ReflectiveOperationException | LinkageError e) {
        return false;
      }
    }
  }
}
