package org.drgrade;

/**
 * Which eye an image shows; {@link #label()} is the spelling used in Kaggle names ({@code
 * 10_left}).
 */
public enum Side {
  LEFT,
  RIGHT;

  public String label() {
    return this == LEFT ? "left" : "right";
  }
}
