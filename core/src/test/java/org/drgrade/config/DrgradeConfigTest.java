package org.drgrade.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrgradeConfigTest {
  @TempDir Path tmp;

  @Test
  void overridesWinOverFileAndSubstitutionsFollowThem() throws Exception {
    File conf =
        Files.writeString(
                tmp.resolve("a.conf"),
                "drgrade.synth.patients = 7\ndrgrade.synth.output = \"file:/x\"\n")
            .toFile();
    DrgradeConfig c =
        DrgradeConfig.load(
            Optional.of(conf), List.of("synth.output=\"file:/y\"", "drgrade.synth.seed=9"));
    assertEquals(7, c.integer("synth.patients"));
    assertEquals(9, c.integer("synth.seed"));
    assertEquals("file:/y/images", c.string("ingest.images"), "ingest.images follows synth.output");
  }

  @Test
  void unknownKeysAndWrongTypesAreOneClearError() {
    ConfigError unknown =
        assertThrows(
            ConfigError.class,
            () -> DrgradeConfig.load(Optional.empty(), List.of("synth.patinets=3")));
    assertTrue(unknown.getMessage().contains("drgrade.synth.patinets"), unknown.getMessage());
    DrgradeConfig c = DrgradeConfig.load(Optional.empty(), List.of("synth.patients=many"));
    ConfigError wrong = assertThrows(ConfigError.class, () -> c.integer("synth.patients"));
    assertTrue(
        wrong.getMessage().startsWith("drgrade.synth.patients has the wrong type"),
        wrong.getMessage());
    assertThrows(
        ConfigError.class,
        () -> DrgradeConfig.load(Optional.of(tmp.resolve("missing.conf").toFile()), List.of()));
    assertThrows(ConfigError.class, () -> DrgradeConfig.load(Optional.empty(), List.of("novalue")));
  }

  @Test
  void sparkPassthroughIsFreeForm() {
    DrgradeConfig c =
        DrgradeConfig.load(
            Optional.empty(), List.of("spark.conf.\"spark.executor.memory\"=\"4g\""));
    assertEquals("4g", c.stringMap("spark.conf").get("spark.executor.memory"));
  }

  /**
   * The README documents every key of reference.conf, and the shipped conf files use only known
   * keys.
   */
  @Test
  void everyKeyIsDocumentedAndConfFilesAreValid() throws Exception {
    var reference = ConfigFactory.parseResources("reference.conf").resolve();
    Set<String> keys =
        reference.entrySet().stream()
            .map(e -> e.getKey())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    // reference.conf is the reference: every key there says what it is in a comment of its own.
    Set<String> uncommented = new java.util.TreeSet<>();
    for (String key : keys) {
      if (reference.getValue(key).origin().comments().isEmpty()) {
        uncommented.add(key);
      }
    }
    assertEquals(Set.of(), uncommented, "keys without a comment in reference.conf");
    // The README shows the keys people change; each it names must exist.
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("`(drgrade\\.[a-z0-9.-]+)`").matcher(readme);
    Set<String> unknown = new java.util.TreeSet<>();
    while (m.find()) {
      if (!reference.hasPathOrNull(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    assertEquals(Set.of(), unknown, "keys the README names that reference.conf does not have");
    for (File f : new File("conf").listFiles((d, n) -> n.endsWith(".conf"))) {
      DrgradeConfig.load(Optional.of(f), List.of());
    }
  }
}
