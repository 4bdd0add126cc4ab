package org.drgrade.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.drgrade.cli.Main;
import org.drgrade.io.Json;
import org.drgrade.spark.LocalStandaloneCluster;

/**
 * {@code drgrade run} on a local standalone cluster's two executors, on a small generated set, with
 * Spark's event log kept for the test to read; and that log's lines.
 */
final class ClusterRun {
  private ClusterRun() {}

  /**
   * The pipeline on {@code cluster}, writing to {@code out}, its event log under {@code events}.
   */
  static Main.Outcome run(
      LocalStandaloneCluster cluster, Path tmp, Path events, Path out, String... settings) {
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(cluster.drgradeSettings());
    args.addAll(
        List.of(
            "--set", "spark.conf.\"spark.ui.enabled\"=false",
            "--set", "spark.conf.\"spark.executor.instances\"=2",
            "--set", "spark.conf.\"spark.eventLog.enabled\"=true",
            "--set", "spark.conf.\"spark.eventLog.dir\"=\"" + events.toUri() + "\"",
            "--set", "synth.output=\"" + tmp.resolve("synth") + "\"",
            "--set", "synth.patients=12",
            "--set", "synth.test-patients=1",
            "--set", "run.output=\"" + out + "\""));
    for (String setting : settings) {
      args.addAll(List.of("--set", setting));
    }
    return Main.run(args.toArray(String[]::new));
  }

  /** Every event of the event logs under {@code events}. */
  static List<JsonNode> events(Path events) throws IOException {
    List<JsonNode> log = new ArrayList<>();
    try (var files = Files.list(events)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          log.add(Json.mapper().readTree(line));
        }
      }
    }
    return log;
  }

  /** Whether a stage (its "Stage Info") read the RDD named {@code rdd}. */
  static boolean reads(JsonNode stageInfo, String rdd) {
    for (JsonNode info : stageInfo.path("RDD Info")) {
      if (info.path("Name").asText().equals(rdd)) {
        return true;
      }
    }
    return false;
  }
}
