package org.drgrade.io;

/**
 * A stage's output directory is complete only when its {@code _SUCCESS} marker exists; the marker
 * is written last, after every table and the summary, so the next stage can trust it.
 */
public final class StageMarker {
  public static final String SUCCESS = "_SUCCESS";

  private StageMarker() {}

  public static boolean isComplete(HadoopFiles files, String stageUri) {
    return files.exists(HadoopFiles.join(stageUri, SUCCESS));
  }

  public static void markComplete(HadoopFiles files, String stageUri) {
    files.writeText(HadoopFiles.join(stageUri, SUCCESS), "");
  }

  public static void clear(HadoopFiles files, String stageUri) {
    if (files.exists(HadoopFiles.join(stageUri, SUCCESS))) {
      files.delete(HadoopFiles.join(stageUri, SUCCESS));
    }
  }
}
