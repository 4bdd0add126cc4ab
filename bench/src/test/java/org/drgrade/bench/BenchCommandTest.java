package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.drgrade.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * The product's {@code drgrade} finds {@code bench} through its services file when the bench is on
 * the classpath, with every benchmark under it; the product itself names no benchmark.
 */
class BenchCommandTest {
  @Test
  void drgradeBenchIsFoundAtRunTimeWithItsBenchmarks() {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.execute("bench", "--help");
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code);
    String help = out.toString(StandardCharsets.UTF_8);
    for (String bench : new String[] {"preprocess", "train", "learn", "profile", "decide"}) {
      assertTrue(help.contains("  " + bench + " "), bench + " missing from:\n" + help);
    }
  }
}
