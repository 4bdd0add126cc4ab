package org.drgrade.cli;

/**
 * A top-level command that lives outside the product jar and joins {@code drgrade} when its jar is
 * on the classpath (found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/org.drgrade.cli.CommandExtension}): the benchmarks' {@code drgrade bench},
 * which depends on the product while the product never depends on it.
 */
public interface CommandExtension {
  /** A picocli command object (annotated with {@code @Command}). */
  Object command();
}
