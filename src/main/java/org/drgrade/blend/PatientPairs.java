package org.drgrade.blend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.drgrade.predict.PredictionsTable;

/**
 * Joins each patient's left and right predictions into one row (a full outer join: one-eyed
 * patients stay).
 */
final class PatientPairs {
  private PatientPairs() {}

  static Dataset<Row> of(Dataset<Row> predictions) {
    Dataset<Row> left = eye(predictions, "left");
    Dataset<Row> right = eye(predictions, "right");
    return left.join(
            right, left.col("left_patient").equalTo(right.col("right_patient")), "full_outer")
        .select(
            coalesce(col("left_patient"), col("right_patient")).as("patient"),
            coalesce(col("left_split"), col("right_split")).as("split"),
            col("left_image"),
            col("left_level"),
            col("left_p"),
            col("right_image"),
            col("right_level"),
            col("right_p"));
  }

  /**
   * Rows that are neither a left nor a right eye (one-eye patients named by their own id): nothing
   * to blend with.
   */
  static Dataset<Row> unpaired(Dataset<Row> predictions) {
    return predictions.filter(
        col("side").isNull().or(col("side").isin("left", "right").unary_$bang()));
  }

  private static Dataset<Row> eye(Dataset<Row> predictions, String side) {
    Column p = array(col("p0"), col("p1"), col("p2"), col("p3"), col("p4"));
    return predictions
        .filter(col("side").equalTo(side))
        .select(
            col("patient").as(side + "_patient"),
            col("split").as(side + "_split"),
            col("image").as(side + "_image"),
            col("level").as(side + "_level"),
            p.as(side + "_p"));
  }

  /** A joined row as the pure blender's input. */
  static EyePair toPair(Row r) {
    return new EyePair(
        r.getAs("patient"),
        distribution(r, "left_p"),
        distribution(r, "right_p"),
        r.getAs("left_level"),
        r.getAs("right_level"));
  }

  private static double[] distribution(Row r, String column) {
    if (r.isNullAt(r.fieldIndex(column))) {
      return null;
    }
    java.util.List<Double> p = r.getList(r.fieldIndex(column));
    return PredictionsTable.normalise(p.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
