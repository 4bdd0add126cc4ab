package org.drgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
  /** Runs the CLI capturing stdout and stderr: returns {exit, out, err}. */
  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.execute(args);
      return new String[] {
        String.valueOf(exit), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
      };
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void everySubcommandHasHelp() {
    CommandLine cli = Main.commandLine();
    assertTrue(cli.getSubcommands().size() >= 5);
    for (String name : cli.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      String[] r = run(name, "--help");
      assertEquals("0", r[0], name);
      assertTrue(r[1].contains("Usage: drgrade " + name), name + ": " + r[1]);
    }
  }

  @Test
  void badConfigFailsFastWithOneLineNamingTheKey() {
    String[] r = run("ingest", "--set", "ingest.imagez=x");
    assertEquals(String.valueOf(Main.EXIT_CONFIG), r[0], r[2]);
    assertTrue(r[2].contains("drgrade.ingest.imagez"), r[2]);
    String[] missing =
        run(
            "ingest",
            "--set",
            "ingest.images=\"file:/nonexistent/drgrade\"",
            "--set",
            "spark.conf.\"spark.ui.enabled\"=false");
    assertEquals(String.valueOf(Main.EXIT_CONFIG), missing[0], missing[2]);
    assertTrue(missing[2].contains("no such path: file:/nonexistent/drgrade"), missing[2]);
  }

  @Test
  void configPrintsTheEffectiveConfiguration() {
    String[] r = run("config", "--set", "synth.patients=11");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("patients=11") || r[1].contains("patients = 11"), r[1]);
  }

  @Test
  void evaluateScoresASubmissionFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    var labels =
        java.nio.file.Files.writeString(
            tmp.resolve("labels.csv"), "image,level\n1_left,0\n1_right,2\n2_left,4\n");
    var sub =
        java.nio.file.Files.writeString(
            tmp.resolve("sub.csv"), "image,level\n1_left,0\n1_right,2\n");
    String[] r =
        run(
            "evaluate",
            "--labels",
            labels.toString(),
            "--submission",
            sub.toString(),
            "--json",
            tmp.resolve("s.json").toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("scored 2 images"), r[1]);
    assertTrue(r[1].contains("1 labelled images missing from the submission: 2_left"), r[1]);
    assertTrue(
        java.nio.file.Files.readString(tmp.resolve("s.json"))
            .contains("\"missingFromSubmission\""));
    String[] missing =
        run(
            "evaluate",
            "--labels",
            tmp.resolve("nope.csv").toString(),
            "--submission",
            sub.toString());
    assertEquals(String.valueOf(Main.EXIT_CONFIG), missing[0]);
  }
}
