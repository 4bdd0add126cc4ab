package org.drgrade.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Zeppelin notes in notebooks/ against a real pipeline run, so they cannot rot: every note
 * opens with the %spark paragraph that registers the run's tables as temp views; the test registers
 * exactly the views that paragraph names and runs every %spark.sql / %sql paragraph with Spark SQL,
 * each of which must return rows. The run includes a few bad inputs (an empty file, a text file, an
 * all-black image) so the quarantine paragraphs have something to show. A second, cross-validated
 * run (drgrade.train.folds = 2) reuses the first one's ingest and preprocess outputs: its training
 * tables are per fold (train/folds/fold-k/), which the notes' fold views read. {@code
 * -Dnotebooks.print} prints each paragraph's result.
 */
@IntegrationTest
class NotebookSqlTest {
  private static final Path NOTEBOOKS = Path.of("notebooks");

  /** {@code "view_name" -> "stage/table"} pairs of the setup paragraph's lists. */
  private static final Pattern VIEW_ENTRY = Pattern.compile("\"(\\w+)\"\\s*->\\s*\"([\\w/]+)\"");

  /** A list of the setup paragraph, {@code val NAME = Seq(...)}, one entry a line. */
  private static final String LIST = "(?s)\\bval %s = Seq\\((.*?)\\n\\)";

  /** Paths under the run a %spark paragraph reads, written {@code s"$run/stage/file"}. */
  private static final Pattern RUN_PATH = Pattern.compile("\\$run/([\\w/.-]+)");

  /**
   * First line of a Spark SQL paragraph: {@code %spark.sql} or {@code %sql}, optionally with local
   * properties.
   */
  private static final Pattern SQL_DIRECTIVE =
      Pattern.compile("^%(?:spark\\.)?sql(?:\\([^)]*\\))?[ \\t]*\\R");

  @TempDir static Path tmp;

  /** A single-split run (drgrade.train.folds = 1). */
  private static Path runDir;

  /** A cross-validated run (drgrade.train.folds = 2) over the same images. */
  private static Path cvRunDir;

  private static List<Path> runs() {
    return List.of(runDir, cvRunDir);
  }

  /** The views of a note's setup paragraph: plain tables and per-fold ones. */
  record Views(Map<String, String> tables, Map<String, String> foldTables) {}

  /** A note's paragraph: its title and text (interpreter directive on the first line). */
  record Paragraph(String note, int index, String title, String text) {
    String interpreter() {
      return text.startsWith("%")
          ? text.substring(0, text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n')).trim()
          : "";
    }

    boolean isSql() {
      return SQL_DIRECTIVE.matcher(text).find();
    }

    String sql() {
      return SQL_DIRECTIVE.matcher(text).replaceFirst("");
    }

    String label() {
      return note + " #" + index + " " + title;
    }
  }

  @BeforeAll
  static void runThePipeline() throws IOException {
    // Bad inputs next to the generated test images: ingest quarantines the first two, preprocess
    // the black eye.
    Path extra = Files.createDirectories(tmp.resolve("extra-test"));
    Files.write(extra.resolve("empty_left.jpeg"), new byte[0]);
    Files.writeString(extra.resolve("notes.txt"), "not an image\n");
    ImageIO.write(
        new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB),
        "jpeg",
        extra.resolve("900_left.jpeg").toFile());

    Path synth = tmp.resolve("synth");
    runDir = tmp.resolve("run");
    String[] args = {
      "run",
      "--set",
      "synth.output=\"" + synth + "\"",
      "--set",
      "synth.patients=14",
      "--set",
      "synth.test-patients=3",
      "--set",
      "ingest.test-images=\"" + synth.resolve("test") + "," + extra + "\"",
      "--set",
      "run.output=\"" + runDir + "\"",
      "--set",
      "spark.conf.\"spark.ui.enabled\"=false",
      "--set",
      "train.epochs=2",
      "--set",
      "predict.checkpoints=2",
      "--set",
      "predict.augmentations=2",
      // Enough folds for the few validation patients, so blend really fits instead of passing
      // through.
      "--set",
      "blend.folds=2",
      "--set",
      "blend.epochs=5"
    };
    Drgrade.run(List.of(args));

    // The cross-validated run starts from copies of the first run's ingest and preprocess outputs
    // (ingest reruns, preprocess finds every image done) and trains 2 folds of 1 epoch.
    cvRunDir = tmp.resolve("cv-run");
    for (String stage : List.of("ingest", "preprocess")) {
      copyTree(runDir.resolve(stage), cvRunDir.resolve(stage));
    }
    List<String> cvArgs = new ArrayList<>(List.of(args));
    cvArgs.addAll(
        List.of(
            "--set",
            "run.output=\"" + cvRunDir + "\"",
            "--set",
            "train.folds=2",
            "--set",
            "train.epochs=1",
            "--set",
            "predict.checkpoints=1"));
    Drgrade.run(cvArgs);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static List<Path> noteFiles() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
    }
  }

  private static List<Paragraph> paragraphs(Path noteFile) throws IOException {
    JsonNode note = new ObjectMapper().readTree(noteFile.toFile());
    String name = noteFile.getFileName().toString();
    assertTrue(note.path("name").isTextual(), name + " has a name");
    List<Paragraph> out = new ArrayList<>();
    int i = 1;
    for (JsonNode p : note.path("paragraphs")) {
      out.add(new Paragraph(name, i++, p.path("title").asText(""), p.path("text").asText("")));
    }
    assertFalse(out.isEmpty(), name + " has paragraphs");
    return out;
  }

  private static Paragraph setup(List<Paragraph> note) {
    return note.stream().filter(p -> p.interpreter().equals("%spark")).findFirst().orElseThrow();
  }

  /** View name to the table's path under the run, of the setup paragraph's list {@code list}. */
  private static Map<String, String> viewList(Paragraph setup, String list) {
    Map<String, String> views = new LinkedHashMap<>();
    Matcher block = Pattern.compile(String.format(LIST, list)).matcher(setup.text());
    if (block.find()) {
      Matcher m = VIEW_ENTRY.matcher(block.group(1));
      while (m.find()) {
        views.put(m.group(1), m.group(2));
      }
    }
    return views;
  }

  /**
   * The views a note's setup (first %spark) paragraph registers: {@code views}, each a table under
   * the run, and {@code foldViews}, each the union of every training fold's table with a fold
   * column.
   */
  private static Views views(List<Paragraph> note) {
    Paragraph setup = setup(note);
    return new Views(viewList(setup, "views"), viewList(setup, "foldViews"));
  }

  /**
   * The folds of a run as the setup paragraph finds them: the values of train/split's fold column
   * (none for a single split).
   */
  private static List<Integer> folds(Path run) {
    var split = TestSpark.session().read().parquet(run.resolve("train/split").toString());
    if (!List.of(split.columns()).contains("fold")) {
      return List.of();
    }
    return split.select("fold").distinct().collectAsList().stream()
        .map(r -> r.getInt(0))
        .sorted()
        .toList();
  }

  /**
   * fold -> directory of a fold view's table {@code stage/name}, as the setup paragraph resolves
   * it: {@code stage/folds/fold-k/name} for each fold k of a cross-validated run, the table itself
   * as fold 0 of a single split.
   */
  private static Map<Integer, Path> foldDirs(Path run, String table) {
    List<Integer> folds = folds(run);
    Map<Integer, Path> dirs = new LinkedHashMap<>();
    if (folds.isEmpty()) {
      dirs.put(0, run.resolve(table));
    }
    String stage = table.substring(0, table.indexOf('/'));
    String name = table.substring(table.indexOf('/') + 1);
    for (int k : folds) {
      dirs.put(k, run.resolve(stage).resolve("folds/fold-" + k).resolve(name));
    }
    return dirs;
  }

  /** The run and views registered now; notes usually share one list, so it is registered once. */
  private static List<Object> registered = List.of();

  /**
   * Exactly these views of this run, nothing left over from another note, so each note must
   * register what it queries.
   */
  private static synchronized void registerViews(SparkSession spark, Path run, Views views) {
    if (List.of(run, views).equals(registered)) {
      return;
    }
    spark.catalog().listTables().collectAsList().stream()
        .filter(t -> t.isTemporary())
        .forEach(t -> spark.catalog().dropTempView(t.name()));
    registered = List.of();
    views
        .tables()
        .forEach(
            (view, table) ->
                spark.read().parquet(run.resolve(table).toString()).createOrReplaceTempView(view));
    views
        .foldTables()
        .forEach(
            (view, table) ->
                foldDirs(run, table).entrySet().stream()
                    .map(
                        e ->
                            spark
                                .read()
                                .parquet(e.getValue().toString())
                                .selectExpr(e.getKey() + " AS fold", "*"))
                    .reduce(Dataset::unionByName)
                    .orElseThrow()
                    .createOrReplaceTempView(view));
    registered = List.of(run, views);
  }

  private static String runName(Path run) {
    return run.getFileName().toString();
  }

  private static List<Row> runSql(Paragraph p, Path run, Views views) {
    SparkSession spark = TestSpark.session();
    try {
      registerViews(spark, run, views);
      var result = spark.sql(p.sql());
      if (System.getProperty("notebooks.print") != null) {
        System.err.println(
            "=== " + runName(run) + ": " + p.label() + "\n" + result.showString(60, 40, false));
      }
      return result.collectAsList();
    } catch (Exception e) {
      return fail(
          p.label()
              + " fails on a real run ("
              + runName(run)
              + "): "
              + e.getMessage()
              + "\n"
              + p.sql(),
          e);
    }
  }

  @Test
  void everyNoteOpensWithTheRunParagraphThatRegistersTheViews() throws IOException {
    List<Path> notes = noteFiles();
    assertTrue(notes.size() >= 4, "notes: " + notes);
    for (Path file : notes) {
      List<Paragraph> note = paragraphs(file);
      // The setup is the first code paragraph (a %md introduction may come before it).
      Paragraph setup =
          note.stream().filter(p -> !p.interpreter().equals("%md")).findFirst().orElseThrow();
      assertEquals("%spark", setup.interpreter(), setup.label());
      assertEquals(
          setup,
          note.stream()
              .filter(p -> p.text().contains("createOrReplaceTempView"))
              .findFirst()
              .orElseThrow(),
          file + ": views are registered in the setup paragraph only");
      assertTrue(
          setup.text().contains("z.textbox(\"run\""),
          setup.label() + " reads the run URI from a 'run' form");
      assertTrue(
          setup.text().contains("spark.read.parquet(dir).createOrReplaceTempView(view)"),
          setup.label());
      Views views = views(note);
      assertFalse(views.tables().isEmpty(), setup.label() + " names its views");
      assertFalse(views.foldTables().isEmpty(), setup.label() + " names its per-fold views");
      // The test resolves fold views as the paragraph does: train/folds/fold-k/<table>.
      assertTrue(
          setup.text().contains("s\"$run/$stage/folds/fold-$k/$name\""),
          setup.label() + " reads fold k's tables under $run/<stage>/folds/fold-k/");
      assertTrue(setup.text().contains("selectExpr(s\"$k AS fold\", \"*\")"), setup.label());
      for (Path run : runs()) {
        views
            .tables()
            .forEach(
                (view, table) ->
                    assertTrue(
                        Files.isDirectory(run.resolve(table)),
                        runName(run) + ": " + setup.label() + ": " + table));
        views
            .foldTables()
            .forEach(
                (view, table) ->
                    foldDirs(run, table)
                        .values()
                        .forEach(
                            dir ->
                                assertTrue(
                                    Files.isDirectory(dir),
                                    runName(run) + ": " + setup.label() + ": " + dir)));
      }
      assertTrue(note.stream().anyMatch(Paragraph::isSql), file + " has SQL paragraphs");
      // Files that Scala paragraphs read from the run exist there too (e.g. the crop gallery).
      for (Paragraph p : note) {
        if (p.interpreter().equals("%spark")) {
          Matcher m = RUN_PATH.matcher(p.text());
          while (m.find()) {
            for (Path run : runs()) {
              assertTrue(
                  Files.exists(run.resolve(m.group(1))),
                  runName(run) + ": " + p.label() + " reads $run/" + m.group(1));
            }
          }
        }
      }
    }
  }

  /** Every SQL paragraph on the single-split run, then on the cross-validated one. */
  @TestFactory
  Stream<DynamicTest> everySqlParagraphRunsAndReturnsRows() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path run : runs()) {
      for (Path file : noteFiles()) {
        List<Paragraph> note = paragraphs(file);
        Views views = views(note);
        for (Paragraph p : note) {
          if (p.isSql()) {
            // Zeppelin splits a SQL paragraph at semicolons (comments included) and shows only the
            // last result.
            assertFalse(
                p.sql().contains(";"),
                p.label() + ": one statement per paragraph, no ';' even in comments");
            tests.add(
                DynamicTest.dynamicTest(
                    runName(run) + ": " + p.label(),
                    () -> {
                      List<Row> rows = runSql(p, run, views);
                      assertFalse(
                          rows.isEmpty(),
                          p.label()
                              + " returns no rows on a real run ("
                              + runName(run)
                              + "):\n"
                              + p.sql());
                    }));
          }
        }
      }
    }
    assertTrue(tests.size() >= 30, "SQL paragraphs of both runs: " + tests.size());
    return tests.stream();
  }

  /** The paragraph of a note with this title, run on the single-split run. */
  private static List<Map<String, Object>> rows(String noteFile, String title) throws IOException {
    return rows(runDir, noteFile, title);
  }

  /** The paragraph of a note with this title, run on {@code run}; its rows as column-name maps. */
  private static List<Map<String, Object>> rows(Path run, String noteFile, String title)
      throws IOException {
    List<Paragraph> note = paragraphs(NOTEBOOKS.resolve(noteFile));
    Paragraph p =
        note.stream()
            .filter(x -> x.title().equals(title))
            .findFirst()
            .orElseThrow(() -> new AssertionError(noteFile + " has no paragraph '" + title + "'"));
    List<Row> rows = runSql(p, run, views(note));
    return rows.stream()
        .map(
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              for (String c : r.schema().fieldNames()) {
                m.put(c, r.getAs(c));
              }
              return m;
            })
        .toList();
  }

  private static long count(String table, String where) {
    return count(runDir, table, where);
  }

  private static long count(Path run, String table, String where) {
    return TestSpark.session().read().parquet(run.resolve(table).toString()).filter(where).count();
  }

  @Test
  void keyParagraphsShowWhatTheirTitlesSay() throws IOException {
    // Quarantine reasons: the empty file and the text file at ingest, the black image at
    // preprocess.
    List<String> reasons =
        rows("01-run-overview.zpln", "Quarantine reasons").stream()
            .map(r -> r.get("stage") + ":" + r.get("reason"))
            .sorted()
            .toList();
    assertEquals(
        List.of("ingest:EMPTY_FILE", "ingest:UNSUPPORTED_TYPE", "preprocess:NO_EYE_FOUND"),
        reasons);

    // Training curves: one row per epoch, numbered from 1, all of fold 0 (a single split).
    List<Map<String, Object>> curves = rows("02-training.zpln", "Loss curves");
    assertEquals(List.of(1, 2), curves.stream().map(r -> r.get("epoch")).toList());
    assertEquals(List.of(0, 0), curves.stream().map(r -> r.get("fold")).toList());

    // Confusion matrix: 5 x 5 over exactly the validation images.
    List<Map<String, Object>> matrix =
        rows(
            "03-decisions.zpln",
            "Confusion matrix (validation, argmax of the blended distribution)");
    assertEquals(5, matrix.size());
    long cells =
        matrix.stream()
            .mapToLong(
                r -> Stream.of(0, 1, 2, 3, 4).mapToLong(k -> (Long) r.get("predicted_" + k)).sum())
            .sum();
    assertEquals(count("blend/predictions", "split = 'validation'"), cells);

    // Kappa per rule: every decision rule once, with a validation kappa.
    List<Map<String, Object>> rules = rows("03-decisions.zpln", "Kappa per decision rule");
    assertEquals(
        List.of("annealing", "argmax", "exact", "rounded_expectation", "tuned_cut_points"),
        rules.stream().map(r -> (String) r.get("rule")).sorted().toList());
    assertTrue(
        rules.stream()
            .allMatch(
                r -> r.get("validation_kappa") != null && "test".equals(r.get("target_split"))),
        rules.toString());

    // Eyes: one row per patient with both eyes predicted, largest difference first.
    List<Map<String, Object>> eyes =
        rows("04-eyes-and-crops.zpln", "Patients whose eyes disagree most");
    long bothEyes =
        TestSpark.session()
            .read()
            .parquet(runDir.resolve("predict/predictions").toString())
            .groupBy("patient")
            .count()
            .filter("count = 2")
            .count();
    assertEquals(Math.min(50, bothEyes), eyes.size());
    List<Double> differences =
        eyes.stream().map(r -> (Double) r.get("expected_difference")).toList();
    assertEquals(
        differences.stream().sorted(java.util.Comparator.reverseOrder()).toList(), differences);

    // Lowest-quality crops: accepted crops only, worst first.
    List<Double> quality =
        rows("04-eyes-and-crops.zpln", "Lowest-quality crops").stream()
            .map(r -> (Double) r.get("quality"))
            .toList();
    assertEquals(quality.stream().sorted().toList(), quality);
    assertTrue(quality.get(0) >= 0.5, "quarantined crops are not listed: " + quality);
    assertEquals(Math.min(20, count("preprocess/manifest", "status = 'ok'")), quality.size());
  }

  @Test
  void crossValidatedRunShowsEveryFold() throws IOException {
    assertTrue(Files.notExists(cvRunDir.resolve("train/metrics")), "per-fold metrics only");

    // Training curves and figures: one row per fold and epoch (1 epoch each), from each fold's own
    // metrics table.
    List<Map<String, Object>> curves = rows(cvRunDir, "02-training.zpln", "Loss curves");
    assertEquals(List.of(0, 1), curves.stream().map(r -> r.get("fold")).toList());
    assertEquals(List.of(1, 1), curves.stream().map(r -> r.get("epoch")).toList());
    List<Map<String, Object>> last =
        rows(cvRunDir, "02-training.zpln", "Folds at their last epoch");
    assertEquals(List.of(0, 1), last.stream().map(r -> r.get("fold")).toList());
    for (Map<String, Object> r : last) {
      int fold = (Integer) r.get("fold");
      // Each fold validates on the images of the patients it holds out.
      long held = count(cvRunDir, "train/split", "fold = " + fold);
      assertTrue(held > 0, "fold " + fold);
      assertEquals(
          TestSpark.session()
              .read()
              .parquet(cvRunDir.resolve("train/folds/fold-" + fold + "/metrics").toString())
              .first()
              .<Long>getAs("val_images"),
          r.get("validation_images"));
    }
    // Folds train one after another: the running total goes on across them.
    List<Map<String, Object>> time = rows(cvRunDir, "02-training.zpln", "Throughput and time");
    assertEquals(List.of(0, 1), time.stream().map(r -> r.get("fold")).toList());
    List<Double> minutes = time.stream().map(r -> (Double) r.get("minutes_so_far")).toList();
    assertEquals(minutes.stream().sorted().toList(), minutes);

    // The split per fold: fold k validates on the patients train/split assigns to fold k and
    // trains on the others.
    List<Map<String, Object>> split =
        rows(cvRunDir, "02-training.zpln", "Train / validation split");
    assertEquals(
        List.of("0 train", "0 validation", "1 train", "1 validation"),
        split.stream().map(r -> r.get("fold") + " " + r.get("split")).toList());
    long patients = count(cvRunDir, "train/split", "true");
    for (Map<String, Object> r : split) {
      int fold = (Integer) r.get("fold");
      long held = count(cvRunDir, "train/split", "fold = " + fold);
      assertEquals(
          "validation".equals(r.get("split")) ? held : patients - held,
          r.get("patients"),
          r.toString());
    }
    // A single split is fold 0 of the same paragraph.
    assertEquals(
        List.of("0 train", "0 validation"),
        rows("02-training.zpln", "Train / validation split").stream()
            .map(r -> r.get("fold") + " " + r.get("split"))
            .toList());
  }

  @Test
  void notesAreNamedAndTheirSqlParagraphsUseTheSqlEditor() throws IOException {
    for (Path file : noteFiles()) {
      JsonNode note = new ObjectMapper().readTree(file.toFile());
      for (JsonNode p : note.path("paragraphs")) {
        String text = p.path("text").asText("");
        String mode = p.path("config").path("editorMode").asText("");
        String expected =
            text.startsWith("%md")
                ? "ace/mode/markdown"
                : text.startsWith("%spark.sql") ? "ace/mode/sql" : "ace/mode/scala";
        assertEquals(expected, mode, file + ": " + p.path("title").asText());
      }
      assertEquals(
          note.path("paragraphs").size(),
          java.util.stream.StreamSupport.stream(note.path("paragraphs").spliterator(), false)
              .map(p -> p.path("id").asText())
              .collect(Collectors.toSet())
              .size(),
          file + ": paragraph ids are unique");
    }
  }
}
