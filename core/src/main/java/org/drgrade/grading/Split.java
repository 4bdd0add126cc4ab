package org.drgrade.grading;

import java.util.Locale;

/**
 * Which part of the data an image belongs to, as the split column of the predictions tables and
 * train/split/ spell it (lower case): the patients trained on, the held-out validation patients,
 * unlabelled test images, and labelled images of patients added after training.
 */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST,
  UNASSIGNED;

  /** The value stored in tables: "train", "validation", "test", "unassigned". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Split of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
