package org.drgrade.bench;

import java.nio.file.Path;

/**
 * A folder of graded images and its labels file ({@code image,level}), given as {@code DIR:CSV} the
 * way ../shared/bench's peer script takes them.
 */
public record LabelledFolder(Path images, Path labels) {
  public static LabelledFolder parse(String spec) {
    int colon = spec.lastIndexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("expected DIR:LABELS.csv, got '" + spec + "'");
    }
    return new LabelledFolder(
        Path.of(spec.substring(0, colon)).toAbsolutePath().normalize(),
        Path.of(spec.substring(colon + 1)).toAbsolutePath().normalize());
  }

  /** The folder's name: what the benchmark's per-fold label files are called after. */
  public String name() {
    return images.getFileName().toString();
  }

  /** Whether an image's source path (a local path or a file: URI) lies in this folder. */
  public boolean holds(String sourcePath) {
    String path =
        sourcePath.startsWith("file:")
            ? Path.of(java.net.URI.create(sourcePath)).toString()
            : sourcePath;
    return Path.of(path).toAbsolutePath().normalize().startsWith(images);
  }
}
