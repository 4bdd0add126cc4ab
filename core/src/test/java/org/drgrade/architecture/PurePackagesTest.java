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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drgrade.decide.DecideStage;
import org.drgrade.grading.Decider;
import org.junit.jupiter.api.Test;

/**
 * The pure packages (the grading maths, the seed mixer) use no Spark, no Hadoop, no Scala and no
 * drgrade package outside the pure set, so blend, decide, grade and the benchmarks share them and
 * they test without a cluster. Checked on the compiled classes: every class a class refers to is
 * named in its constant pool, so a reference anywhere (field, call, signature, lambda) shows.
 */
class PurePackagesTest {
  private static final Set<String> PURE = Set.of("grading", "folds", "random");
  private static final List<String> FORBIDDEN =
      List.of("org/apache/spark/", "org/apache/hadoop/", "scala/");
  private static final Pattern DRGRADE = Pattern.compile("org/drgrade/([a-z0-9]+)/");

  /**
   * The forbidden references of one compiled class: external libraries and non-pure drgrade
   * packages.
   */
  static Set<String> violations(Path classFile) throws IOException {
    String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    Set<String> out = new TreeSet<>();
    for (String prefix : FORBIDDEN) {
      if (text.contains(prefix)) {
        out.add(prefix);
      }
    }
    Matcher m = DRGRADE.matcher(text);
    while (m.find()) {
      if (!PURE.contains(m.group(1))) {
        out.add("org/drgrade/" + m.group(1) + "/");
      }
    }
    return out;
  }

  private static Path classesRoot() throws URISyntaxException {
    Path decider = Path.of(Decider.class.getResource("Decider.class").toURI());
    return decider.getParent().getParent(); // .../org/drgrade
  }

  @Test
  void purePackagesReferToNoSparkHadoopScalaOrImpurePackage() throws Exception {
    List<String> problems = new ArrayList<>();
    int classes = 0;
    for (String pkg : PURE) {
      try (Stream<Path> files = Files.list(classesRoot().resolve(pkg))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          classes++;
          Set<String> v = violations(f);
          if (!v.isEmpty()) {
            problems.add(pkg + "/" + f.getFileName() + " -> " + v);
          }
        }
      }
    }
    assertTrue(classes >= 15, "found the pure packages' classes: " + classes);
    assertEquals(List.of(), problems);
  }

  @Test
  void theCheckSeesSparkWhereItIs() throws Exception {
    // The detector itself: a Spark stage is flagged, so a Spark reference moved into a pure package
    // would be.
    Path stage = Path.of(DecideStage.class.getResource("DecideStage.class").toURI());
    Set<String> v = violations(stage);
    assertTrue(v.contains("org/apache/spark/"), v.toString());
    assertFalse(
        violations(Path.of(Decider.class.getResource("Decider.class").toURI()))
            .contains("org/apache/spark/"));
  }
}
