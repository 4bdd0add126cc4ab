package org.drgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How each entry point ends, in real child JVMs: Main (spark-submit's class) returns on success and
 * throws drgrade's reason on failure, never System.exit; LocalMain (submit/drgrade's) exits 0 / 1 /
 * 2.
 */
@IntegrationTest
class MainExitTest {
  @TempDir Path tmp;

  private record Ended(int code, String stdout, String stderr) {}

  private Ended java(String mainClass, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    cmd.addAll(List.of(args));
    File out = tmp.resolve("out.txt").toFile();
    File err = tmp.resolve("err.txt").toFile();
    Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "JVM did not end: " + cmd);
    return new Ended(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  @Test
  void mainReturnsOnSuccessAndTheJvmEnds() throws Exception {
    Ended e = java("org.drgrade.cli.Main", "config", "--set", "synth.patients=7");
    assertEquals(0, e.code(), e.stderr());
    assertTrue(e.stdout().contains("patients"), e.stdout());
  }

  @Test
  void mainThrowsTheOneLineReasonOnFailure() throws Exception {
    Ended e = java("org.drgrade.cli.Main", "config", "--set", "train.no-such-key=1");
    assertEquals(1, e.code(), "an uncaught exception ends a plain JVM (and spark-submit) with 1");
    String reason = Main.run("config", "--set", "train.no-such-key=1").reason();
    assertTrue(reason.startsWith("drgrade: ") && reason.contains("no-such-key"), reason);
    assertTrue(
        e.stderr().contains("org.drgrade.cli.Main$Failure: " + reason + " (exit code 2)"),
        e.stderr());
  }

  @Test
  void localMainKeepsZeroOneTwo() throws Exception {
    assertEquals(0, java("org.drgrade.cli.LocalMain", "config").code());
    assertEquals(
        2, java("org.drgrade.cli.LocalMain", "config", "--set", "train.no-such-key=1").code());
    assertEquals(2, java("org.drgrade.cli.LocalMain", "no-such-command").code());
    // A command that fails (not a configuration error): evaluate cannot write its --json file.
    Path csv =
        Files.writeString(
            tmp.resolve("grades.csv"), "image,level\n1_left,0\n1_right,2\n2_left,1\n2_right,0\n");
    Ended failed =
        java(
            "org.drgrade.cli.LocalMain",
            "evaluate",
            "--labels",
            csv.toString(),
            "--submission",
            csv.toString(),
            "--json",
            tmp.resolve("no-such-dir/score.json").toString());
    assertEquals(1, failed.code(), failed.toString());
    assertTrue(failed.stderr().contains("drgrade: evaluate failed: "), failed.stderr());
  }

  @Test
  void outcomeCarriesTheReason() {
    Main.Outcome ok = Main.run("config");
    assertEquals(0, ok.code());
    Main.Outcome bad = Main.run("config", "--set", "train.no-such-key=1");
    assertEquals(Main.EXIT_CONFIG, bad.code());
    assertTrue(
        bad.reason().startsWith("drgrade: ") && bad.reason().contains("no-such-key"), bad.reason());
    Main.Outcome usage = Main.run("no-such-command", "--set", "s3.secret=do-not-log-this");
    assertEquals(Main.EXIT_CONFIG, usage.code());
    assertEquals(
        "drgrade: ended with exit code 2 (the lines above say why)",
        usage.reason(),
        "no arguments in the reason");
    Main.Outcome option = Main.run("config", "--no-such-option", "do-not-log-this");
    assertEquals(Main.EXIT_CONFIG, option.code());
    assertTrue(
        option.reason().startsWith("drgrade") && !option.reason().contains("do-not-log-this"),
        option.reason());
  }
}
