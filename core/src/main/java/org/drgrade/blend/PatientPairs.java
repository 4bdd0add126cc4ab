package org.drgrade.blend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.drgrade.predict.PredictionsTable;

/**
 * Joins each patient's left and right predictions into one row (a full outer join: one-eyed
 * patients stay), several images of one eye averaged first.
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
            col("left_images"),
            col("left_level"),
            col("left_p"),
            col("right_images"),
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

  /**
   * One row per patient's eye. Several images of one eye (data sets with two views per eye) are one
   * eye to the blender: their distributions are averaged, and each image gets the blended eye's.
   */
  private static Dataset<Row> eye(Dataset<Row> predictions, String side) {
    Column p = array(avg("p0"), avg("p1"), avg("p2"), avg("p3"), avg("p4"));
    return predictions
        .filter(col("side").equalTo(side))
        .groupBy(col("patient").as(side + "_patient"))
        .agg(
            first("split").as(side + "_split"),
            array_sort(collect_list(struct(col("image"), col("level")))).as(side + "_images"),
            max("level").as(side + "_level"),
            p.as(side + "_p"));
  }

  /**
   * The predictions rows of a joined pair once blended: one per image of each eye, each with its
   * own grade and its eye's blended distribution.
   */
  static List<Row> rows(Row pair, EyePair blended) {
    String split = pair.getAs("split");
    List<Row> out = new ArrayList<>();
    for (String side : List.of("left", "right")) {
      double[] p = side.equals("left") ? blended.left() : blended.right();
      if (p == null) {
        continue;
      }
      for (Row image : pair.<Row>getList(pair.fieldIndex(side + "_images"))) {
        Integer level = image.isNullAt(1) ? null : image.getInt(1);
        out.add(
            RowFactory.create(
                image.getString(0),
                blended.patient(),
                side,
                split,
                level,
                p[0],
                p[1],
                p[2],
                p[3],
                p[4]));
      }
    }
    return out;
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
