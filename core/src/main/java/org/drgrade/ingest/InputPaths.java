package org.drgrade.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.drgrade.config.ConfigError;

/**
 * Expands configured input URIs and globs; a pattern that matches nothing is a configuration error.
 */
public final class InputPaths {
  private InputPaths() {}

  public static List<String> expand(String key, List<String> patterns, Configuration hadoop) {
    List<String> out = new ArrayList<>();
    for (String pattern : patterns) {
      try {
        Path p = new Path(pattern);
        FileStatus[] matches = p.getFileSystem(hadoop).globStatus(p);
        if (matches == null || matches.length == 0) {
          throw new ConfigError(key + ": no such path: " + pattern);
        }
        for (FileStatus s : matches) {
          out.add(s.getPath().toString());
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigError(key + ": cannot list " + pattern + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
