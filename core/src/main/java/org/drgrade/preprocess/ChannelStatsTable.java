package org.drgrade.preprocess;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;

/**
 * Per-channel mean and std over the preprocessed images: each row carries its own mergeable state
 * (count, sums, sums of squares), a Spark aggregate merges them, and channel_stats.json keeps the
 * merged state next to the outputs for the training stage.
 */
public final class ChannelStatsTable {
  public static final String FILE = "channel_stats.json";

  private ChannelStatsTable() {}

  /** The merged state of the rows' stats columns (rows without stats count as empty). */
  public static ChannelStats merged(Dataset<Row> rows) {
    Column[] sums = new Column[7];
    sums[0] = sum(col("stats_count"));
    for (int c = 0; c < 3; c++) {
      sums[1 + c] = sum(col("stats_sum").getItem(c));
      sums[4 + c] = sum(col("stats_sum_sq").getItem(c));
    }
    Row r = rows.agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, 7)).first();
    if (r.isNullAt(0)) {
      return ChannelStats.empty();
    }
    double[] s = new double[3];
    double[] sq = new double[3];
    for (int c = 0; c < 3; c++) {
      s[c] = r.getDouble(1 + c);
      sq[c] = r.getDouble(4 + c);
    }
    return new ChannelStats(r.getLong(0), s, sq);
  }

  public static void write(HadoopFiles files, String stageDir, ChannelStats stats) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("channels", java.util.List.of("R", "G", "B"));
    json.put("count", stats.count());
    json.put("sum", stats.sum());
    json.put("sum_sq", stats.sumSq());
    if (stats.count() > 0) {
      json.put("mean", stats.mean());
      json.put("std", stats.std());
    }
    files.writeText(HadoopFiles.join(stageDir, FILE), Json.pretty(json));
  }

  public static ChannelStats read(HadoopFiles files, String stageDir) {
    var node =
        Json.parse(
            files.readText(HadoopFiles.join(stageDir, FILE)),
            com.fasterxml.jackson.databind.JsonNode.class);
    double[] s = new double[3];
    double[] sq = new double[3];
    for (int c = 0; c < 3; c++) {
      s[c] = node.get("sum").get(c).asDouble();
      sq[c] = node.get("sum_sq").get(c).asDouble();
    }
    return new ChannelStats(node.get("count").asLong(), s, sq);
  }
}
