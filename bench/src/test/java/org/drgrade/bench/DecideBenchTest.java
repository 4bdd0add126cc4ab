package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.drgrade.cli.Main;
import org.drgrade.io.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code drgrade bench decide} runs end to end at a small size and prints the JSON it promises (no
 * timing checks).
 */
class DecideBenchTest {

  @Test
  void smallRunReportsEveryLabellerAndTheExactOptimumIsBest() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out))
            .execute(
                "bench",
                "decide",
                "--images",
                "2000",
                "--seed",
                "7",
                "--repeat",
                "2",
                "--naive-moves",
                "20");
    assertEquals(0, exit);

    JsonNode report = Json.mapper().readTree(out.toString());
    assertEquals(2000, report.get("images").asInt());
    JsonNode exact = report.get("exact");
    assertEquals(2, exact.get("millis").get("per_repeat").size());
    assertEquals(4, exact.get("cut_points").size());
    double exactProxy = exact.get("proxy").asDouble();

    JsonNode annealing = report.get("annealing");
    assertEquals(1, annealing.get("threads").asInt());
    assertEquals(100L * 4000, annealing.get("moves").asLong());
    int steps = annealing.get("steps_to_converge").asInt();
    assertTrue(steps >= 1 && steps <= 100, "steps " + steps);
    assertTrue(annealing.get("gap_to_exact").asDouble() >= -1e-12);
    assertEquals(
        exactProxy - annealing.get("proxy").asDouble(),
        annealing.get("gap_to_exact").asDouble(),
        1e-15);

    assertEquals(20, report.get("naive_annealing").get("moves").asLong());
    assertTrue(report.get("incremental_over_naive").asDouble() > 0);
    for (String rule : new String[] {"argmax", "rounded_expectation"}) {
      assertTrue(
          report.get("baselines").get(rule).get("proxy").asDouble() <= exactProxy + 1e-12, rule);
    }
    assertTrue(report.get("environment").get("cores").asInt() >= 1);
  }
}
