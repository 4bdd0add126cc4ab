package org.drgrade.cli;

/**
 * The entry point of submit/drgrade (one local JVM, no YARN): exits with the command's own code, 0
 * ok, 1 failed, 2 configuration or usage error, which scripts around it test. Never use it as
 * spark-submit's --class: on YARN cluster mode a System.exit marks the application FAILED.
 */
public final class LocalMain {
  private LocalMain() {}

  public static void main(String[] args) {
    System.exit(Main.execute(args));
  }
}
