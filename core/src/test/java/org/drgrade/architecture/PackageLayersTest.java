package org.drgrade.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drgrade.grading.Decider;
import org.junit.jupiter.api.Test;

/**
 * Which package may depend on which (docs/design.md, "Packages"): every product package stands on a
 * floor and may refer only to packages on lower floors, so no cycle can form and data flows one
 * way, from the pure core up to the command line. Checked on the compiled classes' constant pools,
 * where every class a class refers to is named. DL4J and DJL are referred to only by the engines'
 * own packages, and DL4J also by the blend network.
 */
class PackageLayersTest {
  /** Floor of each product package ("" is org.drgrade itself). */
  static final Map<String, Integer> FLOORS =
      Map.ofEntries(
          Map.entry("", 0),
          Map.entry("grading", 0),
          Map.entry("random", 0),
          Map.entry("config", 0),
          Map.entry("io", 0),
          Map.entry("gpu", 0),
          Map.entry("folds", 1),
          Map.entry("spark", 1),
          Map.entry("engine", 2),
          Map.entry("synth", 2),
          Map.entry("ingest", 2),
          Map.entry("preprocess", 2),
          Map.entry("engine/dl4j", 3),
          Map.entry("engine/torch", 3),
          Map.entry("evaluate", 3),
          Map.entry("model", 3),
          Map.entry("train", 4),
          Map.entry("predict", 5),
          Map.entry("blend", 6),
          Map.entry("decide", 7),
          Map.entry("grade", 7),
          Map.entry("report", 8),
          Map.entry("cli", 9));

  /** Libraries only some packages may use. */
  static final Map<String, Set<String>> LIBRARY_USERS =
      Map.of(
          "org/deeplearning4j/", Set.of("engine/dl4j", "blend"),
          "org/nd4j/", Set.of("engine/dl4j", "blend"),
          "ai/djl/", Set.of("engine/torch"));

  private static final Pattern DRGRADE = Pattern.compile("org/drgrade/((?:[a-z0-9]+/)*)[A-Z]");

  /** The problems of one compiled class of package {@code pkg}. */
  static List<String> problems(String pkg, Path classFile) throws IOException {
    String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    Integer floor = FLOORS.get(pkg);
    if (floor == null) {
      return List.of(pkg + " has no floor: add it to FLOORS and docs/design.md");
    }
    Set<String> referred = new TreeSet<>();
    Matcher m = DRGRADE.matcher(text);
    while (m.find()) {
      String other = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
      referred.add(other);
    }
    for (String other : referred) {
      Integer otherFloor = FLOORS.get(other);
      if (!other.equals(pkg) && (otherFloor == null || otherFloor >= floor)) {
        out.add(
            "refers to "
                + (other.isEmpty() ? "org.drgrade" : other)
                + " (floor "
                + otherFloor
                + ")");
      }
    }
    LIBRARY_USERS.forEach(
        (library, users) -> {
          if (text.contains(library) && !users.contains(pkg)) {
            out.add("uses " + library);
          }
        });
    return out;
  }

  private static Path classesRoot() throws URISyntaxException {
    Path decider = Path.of(Decider.class.getResource("Decider.class").toURI());
    return decider.getParent().getParent(); // .../org/drgrade
  }

  /** Package (relative path under org/drgrade) -> its compiled classes. */
  private static Map<String, List<Path>> packages() throws Exception {
    Path root = classesRoot();
    Map<String, List<Path>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String pkg = root.relativize(f.getParent()).toString().replace('\\', '/');
        out.computeIfAbsent(pkg, k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }

  @Test
  void everyPackageRefersOnlyToPackagesOnLowerFloors() throws Exception {
    Map<String, List<Path>> packages = packages();
    assertTrue(packages.keySet().containsAll(List.of("engine", "engine/dl4j", "train", "cli")));
    List<String> problems = new ArrayList<>();
    for (var e : packages.entrySet()) {
      for (Path f : e.getValue()) {
        for (String p : problems(e.getKey(), f)) {
          problems.add(e.getKey() + "/" + f.getFileName() + " " + p);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theCheckSeesAnArrowThatRunsBackUp() throws Exception {
    // The detector itself: train (floor 4) refers to the engine registry below it, which is fine,
    // and the same class, read as if it stood in the engine package, is flagged.
    Path trainStage = classesRoot().resolve("train/TrainStage.class");
    assertEquals(List.of(), problems("train", trainStage));
    List<String> asEngine = problems("engine", trainStage);
    assertFalse(asEngine.isEmpty());
    assertTrue(
        asEngine.stream().anyMatch(p -> p.startsWith("refers to model")), asEngine.toString());
    assertTrue(
        problems("train", classesRoot().resolve("engine/dl4j/Dl4jNetwork.class")).stream()
            .anyMatch(p -> p.equals("uses org/deeplearning4j/")));
  }
}
