package org.drgrade.spark;

import java.util.List;

/**
 * What a JVM running Spark on Java 17 needs on its command line (tests' child JVMs, local
 * clusters).
 */
public final class JavaOpens {
  private JavaOpens() {}

  /**
   * Spark's list of opens for Java 17 (as in the pom's java17.opens; spark-submit adds them
   * itself).
   */
  public static final List<String> ADD_OPENS =
      List.of(
              "java.lang",
              "java.lang.invoke",
              "java.lang.reflect",
              "java.io",
              "java.net",
              "java.nio",
              "java.util",
              "java.util.concurrent",
              "java.util.concurrent.atomic",
              "jdk.internal.ref",
              "sun.nio.ch",
              "sun.nio.cs",
              "sun.security.action",
              "sun.util.calendar")
          .stream()
          .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
          .toList();
}
