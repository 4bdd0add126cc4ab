package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.StreamSupport;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.dl4j.NetworkFactory;
import org.drgrade.io.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench profile} runs end to end at a tiny size and its JSON holds together: every phase and
 * every layer, times that are non-negative and nest as they were measured (no timing thresholds).
 */
class Dl4jProfileTest {
  private static final List<String> PHASES =
      List.of(
          "png_decode",
          "augment",
          "indarray",
          "forward",
          "backward",
          "updater",
          "gradient_normalisation",
          "fit_other",
          "parameter_averaging");

  @Test
  void tinyProfileHasEveryPhaseAndLayerAndTheyAddUp() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new ProfileBenchCommand())
            .setOut(new PrintWriter(out))
            .execute("--sizes", "64", "--batch-sizes", "2", "--repeat", "1");
    assertEquals(0, exit);

    JsonNode report = Json.mapper().readTree(out.toString());
    assertTrue(report.get("helpers_flag").asBoolean(), "surefire must pass the helpers flag");
    assertTrue(report.get("native_jar").asText().startsWith("nd4j-native"), report.toString());
    assertEquals(1, report.get("sizes").size());
    JsonNode size = report.get("sizes").get(0);
    assertEquals(64, size.get("size").asInt());
    assertEquals(2, size.get("batch").asInt());
    assertEquals(74, size.get("source_size").asInt());
    assertTrue(size.get("onednn_conv").asBoolean());

    List<JsonNode> phases = list(size.get("phases"));
    assertEquals(PHASES, phases.stream().map(p -> p.get("phase").asText()).toList());
    double shares = 0;
    for (JsonNode phase : phases) {
      checkMs(phase.get("ms"), phase.toString());
      if (phase.get("part_of").isNull()) {
        shares += phase.get("share").asDouble();
      } else {
        assertEquals("updater", phase.get("part_of").asText());
      }
    }
    assertEquals(1.0, shares, 0.01, "top-level phases make up the minibatch");
    double forward = median(phases, "forward");
    double backward = median(phases, "backward");
    double updater = median(phases, "updater");
    assertTrue(forward > 0 && backward > 0 && updater > 0);
    assertTrue(median(phases, "png_decode") > 0 && median(phases, "indarray") > 0);
    double minibatch = size.get("minibatch_ms").asDouble();
    assertTrue(minibatch >= forward + backward + updater, size.toString());
    assertTrue(
        size.get("path_images_per_second").asDouble()
            <= size.get("train_images_per_second").asDouble() + 1e-9,
        "the path with data and averaging cannot be faster than fit alone");

    JsonNode averaging = size.get("averaging");
    checkMs(averaging.get("average_ms"), "average");
    checkMs(averaging.get("serialise_ms"), "serialise");
    assertTrue(averaging.get("values").asLong() > size.get("params").asLong(), "params + state");
    assertEquals(
        median(phases, "parameter_averaging"), averaging.get("per_minibatch_ms").asDouble(), 1e-9);

    int layerCount =
        NetworkFactory.build(NetworkSpec.reference().withInputSize(64)).getLayers().length;
    List<JsonNode> layers = list(size.get("layers"));
    assertEquals(layerCount, layers.size());
    double layerForward = 0;
    double layerBackward = 0;
    long params = 0;
    for (int i = 0; i < layers.size(); i++) {
      JsonNode layer = layers.get(i);
      assertEquals(i, layer.get("index").asInt());
      checkMs(layer.get("forward_ms"), layer.toString());
      checkMs(layer.get("backward_ms"), layer.toString());
      layerForward += layer.get("forward_ms").get("median").asDouble();
      layerBackward += layer.get("backward_ms").get("median").asDouble();
      params += layer.get("params").asLong();
    }
    assertEquals(size.get("params").asLong(), params, "per-layer params add up to the network's");
    assertTrue(layers.get(0).get("type").asText().startsWith("ConvolutionLayer"));
    assertEquals(List.of(2L, 16L, 64L, 64L), longs(layers.get(0).get("output")));
    assertTrue(layers.get(layers.size() - 1).get("type").asText().startsWith("OutputLayer"));
    assertEquals(List.of(2L, 5L), longs(layers.get(layers.size() - 1).get("output")));
    // One repeat: the per-layer times were taken inside the pass's own timer.
    JsonNode pass = size.get("layer_pass");
    assertTrue(layerForward <= pass.get("forward_ms").get("median").asDouble() + 0.01);
    assertTrue(layerBackward <= pass.get("backward_ms").get("median").asDouble() + 0.01);
    assertTrue(layerForward > 0 && layerBackward > 0);
    assertNull(phases.get(0).get("part_of").textValue());
  }

  private static void checkMs(JsonNode ms, String what) {
    double min = ms.get("min").asDouble();
    double median = ms.get("median").asDouble();
    double max = ms.get("max").asDouble();
    assertTrue(0 <= min && min <= median && median <= max, what);
  }

  private static double median(List<JsonNode> phases, String name) {
    return phases.stream()
        .filter(p -> p.get("phase").asText().equals(name))
        .findFirst()
        .orElseThrow()
        .get("ms")
        .get("median")
        .asDouble();
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<Long> longs(JsonNode array) {
    return list(array).stream().map(JsonNode::asLong).toList();
  }
}
