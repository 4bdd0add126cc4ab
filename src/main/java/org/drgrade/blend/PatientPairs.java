package org.drgrade.blend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.drgrade.ingest.ImageName;
import org.drgrade.predict.PredictionsTable;

/**
 * Joins each patient's left and right predictions into one row (a full outer join: one-eyed patients
 * stay). An eye whose name does not say its side (an id-only data set: APTOS, Messidor) is its own
 * one-eyed patient and takes the first slot; {@code left_side}/{@code right_side} carry the side as
 * ingested, so the blended rows keep it.
 */
final class PatientPairs {
  private PatientPairs() {}

  static Dataset<Row> of(Dataset<Row> predictions) {
    Dataset<Row> left = eye(predictions, "left");
    Dataset<Row> right = eye(predictions, "right");
    return left.join(right, left.col("left_patient").equalTo(right.col("right_patient")), "full_outer")
        .select(coalesce(col("left_patient"), col("right_patient")).as("patient"),
            coalesce(col("left_split"), col("right_split")).as("split"),
            col("left_image"), col("left_side"), col("left_level"), col("left_p"),
            col("right_image"), col("right_side"), col("right_level"), col("right_p"));
  }

  private static Dataset<Row> eye(Dataset<Row> predictions, String side) {
    Column p = array(col("p0"), col("p1"), col("p2"), col("p3"), col("p4"));
    Column slot = side.equals("left") ? col("side").isin("left", ImageName.UNKNOWN_SIDE) : col("side").equalTo(side);
    return predictions.filter(slot).select(col("patient").as(side + "_patient"),
        col("split").as(side + "_split"), col("image").as(side + "_image"), col("side").as(side + "_side"),
        col("level").as(side + "_level"), p.as(side + "_p"));
  }

  /** A joined row as the pure blender's input. */
  static EyePair toPair(Row r) {
    return new EyePair(r.getAs("patient"), distribution(r, "left_p"), distribution(r, "right_p"),
        r.getAs("left_level"), r.getAs("right_level"));
  }

  private static double[] distribution(Row r, String column) {
    if (r.isNullAt(r.fieldIndex(column))) {
      return null;
    }
    java.util.List<Double> p = r.getList(r.fieldIndex(column));
    return PredictionsTable.normalise(p.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
