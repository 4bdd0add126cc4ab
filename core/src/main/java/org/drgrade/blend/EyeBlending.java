package org.drgrade.blend;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.predict.PredictionsTable;

/**
 * A model's fitted blender applied to a predictions table on the executors (blend's and grade's one
 * way).
 */
public final class EyeBlending {
  private EyeBlending() {}

  /**
   * Each patient's left and right eye blended with the model's blender; every other row (a one-eye
   * patient, an image with no side) passes through unchanged. Same schema in and out.
   */
  public static Dataset<Row> apply(
      SparkSession spark,
      Dataset<Row> predictions,
      ModelStore model,
      ModelDescriptor.BlenderState state) {
    byte[] network = state.network() == null ? new byte[0] : model.readFile(state.network());
    Broadcast<byte[]> bytes =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(network);
    return applyToPairs(PatientPairs.of(predictions), state, bytes)
        .unionByName(PatientPairs.unpaired(predictions));
  }

  static Dataset<Row> applyToPairs(
      Dataset<Row> pairs, ModelDescriptor.BlenderState state, Broadcast<byte[]> network) {
    return pairs.mapPartitions(
        new PairBlendTask(state.method(), state.ownWeight(), network),
        Encoders.row(PredictionsTable.SCHEMA));
  }
}
