package org.drgrade.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.drgrade.config.ConfigError;

/**
 * How the letterboxed eye is normalised ({@code drgrade.preprocess.method}): per-channel histogram
 * equalisation over the eye ({@link HistogramEqualizer}, the default) or Ben Graham's local average
 * colour subtraction ({@link GrahamNormaliser}).
 */
public enum PreprocessMethod {
  EQUALISE("equalise"),
  GRAHAM("graham");

  /** The config key that chooses the method. */
  public static final String KEY = "drgrade.preprocess.method";

  private final String id;

  PreprocessMethod(String id) {
    this.id = id;
  }

  /** The name in config, preprocessing.json and model.json. */
  @JsonValue
  public String id() {
    return id;
  }

  /** The method named {@code id}; a {@link ConfigError} naming the key and the allowed values. */
  @JsonCreator
  public static PreprocessMethod parse(String id) {
    return Arrays.stream(values())
        .filter(m -> m.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigError(
                    KEY
                        + ": '"
                        + id
                        + "' is not a preprocessing method; allowed: "
                        + Arrays.stream(values())
                            .map(PreprocessMethod::id)
                            .collect(Collectors.joining(", "))));
  }
}
