package org.drgrade.testing;

import java.nio.file.Path;

/**
 * The product module's compiled classes, which the cluster tests package as the application jar
 * they submit. The build passes the folder (drgrade.classes); tests run from the repository root.
 */
public final class ProductClasses {
  private ProductClasses() {}

  public static Path dir() {
    return Path.of(System.getProperty("drgrade.classes", "core/target/classes"));
  }
}
