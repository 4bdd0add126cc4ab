package org.drgrade.config;

/**
 * A configuration or argument problem, reported to the user as one line before any Spark work
 * starts.
 */
public final class ConfigError extends RuntimeException {
  public ConfigError(String message) {
    super(message);
  }

  public ConfigError(String message, Throwable cause) {
    super(message, cause);
  }
}
