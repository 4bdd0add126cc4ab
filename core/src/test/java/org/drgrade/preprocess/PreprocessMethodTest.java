package org.drgrade.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drgrade.preprocess.method: parsed from config (a bad value is one clear error), kept in
 * preprocessing.json, and an older preprocessing.json without it reads as equalise.
 */
class PreprocessMethodTest {
  @TempDir Path tmp;

  private static PreprocessConfig fromConfig(String... overrides) {
    return PreprocessStageConfig.from(DrgradeConfig.load(Optional.empty(), List.of(overrides)))
        .image();
  }

  @Test
  void configChoosesTheMethodAndRejectsOthers() {
    assertEquals(PreprocessMethod.GRAHAM, fromConfig().method(), "the default");
    assertEquals(PreprocessMethod.GRAHAM, fromConfig("preprocess.method=graham").method());
    assertEquals(PreprocessMethod.EQUALISE, fromConfig("preprocess.method=equalise").method());
    ConfigError bad = assertThrows(ConfigError.class, () -> fromConfig("preprocess.method=clahe"));
    assertEquals(
        "drgrade.preprocess.method: 'clahe' is not a preprocessing method; allowed: equalise,"
            + " graham",
        bad.getMessage());
  }

  @Test
  void parametersFileKeepsTheMethod() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    String dir = tmp.resolve("graham").toUri().toString();
    PreprocessConfig graham =
        PreprocessConfig.defaults().withOutputSize(128).withMethod(PreprocessMethod.GRAHAM);
    // what PreprocessStage.run writes
    files.writeText(HadoopFiles.join(dir, PreprocessStage.PARAMETERS_FILE), Json.pretty(graham));
    assertTrue(
        files
            .readText(HadoopFiles.join(dir, PreprocessStage.PARAMETERS_FILE))
            .contains("\"method\" : \"graham\""));
    assertEquals(graham, PreprocessStage.parameters(files, dir));
  }

  @Test
  void parametersFileWithoutAMethodReadsAsEqualise() throws Exception {
    Path old = Files.createDirectories(tmp.resolve("old"));
    // preprocessing.json as written before the method was recorded
    Files.writeString(
        old.resolve(PreprocessStage.PARAMETERS_FILE),
        """
        {
          "outputSize" : 128,
          "analysisSize" : 320,
          "thresholds" : [ 3, 5, 7, 9, 12, 15, 19, 24, 30, 37, 45, 55, 66 ],
          "minQuality" : 0.5,
          "reducedDecode" : true,
          "maxSourcePixels" : 100000000,
          "pngCompression" : 3
        }
        """);
    PreprocessConfig read =
        PreprocessStage.parameters(new HadoopFiles(new Configuration()), old.toUri().toString());
    assertEquals(PreprocessMethod.EQUALISE, read.method());
    assertEquals(PreprocessConfig.defaults().withOutputSize(128), read);
  }
}
