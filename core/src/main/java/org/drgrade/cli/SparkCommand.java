package org.drgrade.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.spark.SparkSessions;
import picocli.CommandLine.Mixin;

/**
 * A command that loads and checks the configuration first (so a bad key fails in a second, before
 * Spark starts), then runs inside one SparkSession.
 */
public abstract class SparkCommand implements Callable<Integer> {
  @Mixin protected ConfigOptions configOptions;

  @Override
  public Integer call() {
    DrgradeConfig config = configOptions.load();
    prepare(config);
    SparkSession spark = SparkSessions.create(config);
    try {
      return execute(spark, config);
    } finally {
      spark.stop();
    }
  }

  /** Reads and validates this command's settings; throws ConfigError before Spark starts. */
  protected void prepare(DrgradeConfig config) {}

  protected abstract int execute(SparkSession spark, DrgradeConfig config);
}
