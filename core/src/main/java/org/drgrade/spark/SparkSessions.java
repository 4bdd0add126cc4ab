package org.drgrade.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;

/** Builds the one SparkSession of a drgrade command from the configuration. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(DrgradeConfig config) {
    // SparkConf picks up what spark-submit set (spark.* system properties); only fill the gaps.
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.string("spark.master"));
    }
    conf.setIfMissing("spark.app.name", config.string("spark.app-name"));
    boolean local = conf.get("spark.master").startsWith("local");
    if (local) {
      // Loopback only: a laptop or CI run must not depend on the host's network name.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
    s3a(config).forEach(conf::setIfMissing);
    for (Map.Entry<String, String> e : config.stringMap("spark.conf").entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * The Hadoop configuration the session will have, built without starting Spark: commands use it
   * to check input paths before any Spark work, tests to reach the same file systems.
   */
  public static org.apache.hadoop.conf.Configuration hadoopConf(DrgradeConfig config) {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    Map<String, String> all = new java.util.TreeMap<>(s3a(config));
    all.putAll(config.stringMap("spark.conf"));
    all.forEach(
        (k, v) -> {
          if (k.startsWith("spark.hadoop.")) {
            hadoop.set(k.substring("spark.hadoop.".length()), v);
          }
        });
    return hadoop;
  }

  /** S3A settings derived from drgrade.s3.*; credentials are left to the AWS provider chain. */
  public static Map<String, String> s3a(DrgradeConfig config) {
    Map<String, String> out = new java.util.TreeMap<>();
    String endpoint = config.string("s3.endpoint");
    if (!endpoint.isBlank()) {
      out.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    }
    out.put("spark.hadoop.fs.s3a.endpoint.region", config.string("s3.region"));
    out.put(
        "spark.hadoop.fs.s3a.path.style.access",
        String.valueOf(config.flag("s3.path-style-access")));
    out.put("spark.hadoop.fs.s3a.connection.ssl.enabled", String.valueOf(config.flag("s3.ssl")));
    return out;
  }
}
