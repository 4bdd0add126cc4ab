package org.drgrade.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.drgrade.cli.Main;

/** drgrade run in the test's own JVM, as a user's command line would run it. */
public final class Drgrade {
  private Drgrade() {}

  /**
   * Settings of a small run on generated data kept under {@code dir} (synth/ and run/): 12 labelled
   * and 3 test patients, 2 epochs, no Spark UI. Tests add what they vary.
   */
  public static List<String> smallRun(Path dir) {
    return List.of(
        "--set",
        "synth.output=\"" + dir.resolve("synth") + "\"",
        "--set",
        "synth.patients=12",
        "--set",
        "synth.test-patients=3",
        "--set",
        "run.output=\"" + dir.resolve("run") + "\"",
        "--set",
        "spark.conf.\"spark.ui.enabled\"=false",
        "--set",
        "train.epochs=2");
  }

  /**
   * The command line {@code drgrade command} of a {@link #smallRun} under {@code dir}, with each of
   * {@code settings} ("key=value") as a {@code --set}.
   */
  public static List<String> smallRun(String command, Path dir, String... settings) {
    List<String> all = new java.util.ArrayList<>(List.of(command));
    all.addAll(smallRun(dir));
    for (String setting : settings) {
      all.add("--set");
      all.add(setting);
    }
    return all;
  }

  /** Runs {@code drgrade args...}, asserts its exit code and returns what it printed on stdout. */
  public static String run(int expectedExit, List<String> args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, exit, printed);
    return printed;
  }

  /** Runs {@code drgrade args...}, which must succeed, and returns what it printed on stdout. */
  public static String run(List<String> args) {
    return run(0, args);
  }

  /**
   * Generates {@code patients} labelled patients' images (and no test patients) under {@code dir}.
   */
  public static void synth(Path dir, int patients) {
    run(
        List.of(
            "synth",
            "--set",
            "synth.output=\"" + dir + "\"",
            "--set",
            "synth.patients=" + patients,
            "--set",
            "synth.test-patients=0"));
  }
}
