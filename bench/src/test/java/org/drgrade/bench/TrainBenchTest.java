package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.StreamSupport;
import org.drgrade.io.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The training benchmark runs end to end at a tiny size, on both engines, and prints the JSON it
 * promises (no timing checks).
 */
class TrainBenchTest {

  @Test
  void tinyRunPrintsRatesForEveryVariantAndTheSparkRatio() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new TrainBenchCommand())
            .setOut(new PrintWriter(out))
            .execute(
                "--sizes",
                "64",
                "--batch",
                "4",
                "--batches",
                "2",
                "--repeat",
                "1",
                "--variants",
                "default,ws-none,spark-local2,torch,torch-spark-local2",
                "--no-peer");
    assertEquals(0, exit);

    JsonNode report = Json.mapper().readTree(out.toString());
    assertTrue(report.get("helpers_flag").asBoolean(), "surefire must pass the helpers flag");
    assertTrue(report.get("omp_threads").asInt() >= 1);
    JsonNode size = report.get("sizes").get(0);
    assertEquals(64, size.get("size").asInt());
    assertTrue(size.get("spark_over_single").get("median").asDouble() > 0);
    assertTrue(size.get("torch_spark_over_single").get("median").asDouble() > 0);
    assertTrue(report.get("peer").isNull(), "--no-peer");
    List<JsonNode> variants =
        StreamSupport.stream(size.get("variants").spliterator(), false).toList();
    assertEquals(
        List.of("default", "ws-none", "spark-local2", "torch", "torch-spark-local2"),
        variants.stream().map(v -> v.get("variant").asText()).toList());
    for (JsonNode v : variants) {
      assertEquals(1, v.get("train").get("per_round").size());
      assertTrue(v.get("train").get("median").asDouble() > 0, v.toString());
    }
    JsonNode single = variants.get(0);
    assertTrue(single.get("onednn_conv").asBoolean());
    assertTrue(single.get("forward").get("median").asDouble() > 0);
    assertTrue(variants.get(2).get("forward").isNull(), "Spark entry has no forward rate");
    JsonNode torch = variants.get(3);
    assertEquals("torch", torch.get("engine").asText());
    assertEquals("dl4j", single.get("engine").asText());
    assertTrue(torch.get("forward").get("median").asDouble() > 0);
    assertTrue(torch.get("workspaces").isNull(), "DL4J's settings do not apply to torch");
  }
}
