package org.drgrade.ingest;

import java.util.ArrayList;
import java.util.List;
import org.drgrade.config.DrgradeConfig;

/** The ingest stage's settings (drgrade.ingest.*). */
public record IngestConfig(List<String> images, List<String> testImages, List<String> labels, List<String> extensions, long maxPixels, String output) {

  public static IngestConfig from(DrgradeConfig config) {
    return new IngestConfig(
        uris(config.string("ingest.images")),
        uris(config.string("ingest.test-images")),
        uris(config.string("ingest.labels")),
        config.strings("ingest.extensions").stream().map(String::toLowerCase).toList(),
        config.longValue("ingest.max-pixels"),
        config.string("ingest.output"));
  }

  /** A comma-separated list of URIs or globs (commas inside {a,b} globs do not split); blanks dropped. */
  static List<String> uris(String value) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (c == ',' && depth == 0) {
        String uri = value.substring(start, i).trim();
        if (!uri.isEmpty()) {
          out.add(uri);
        }
        start = i + 1;
      }
    }
    return out;
  }

  public boolean labelled() {
    return !labels.isEmpty();
  }
}
