package org.drgrade.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.spark.SparkSessions;

/**
 * One local[2] SparkSession per test JVM (starting Spark costs seconds), built the way the CLI
 * builds it.
 */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null || spark.sparkContext().isStopped()) {
      spark = SparkSessions.create(config());
    }
    return spark;
  }

  /** Built-in defaults plus test-friendly Spark settings and any extra overrides. */
  public static DrgradeConfig config(String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "spark.master=\"local[2]\"",
                "spark.conf.\"spark.ui.enabled\"=false",
                "spark.conf.\"spark.sql.shuffle.partitions\"=4"));
    all.addAll(List.of(overrides));
    return DrgradeConfig.load(Optional.empty(), all);
  }
}
