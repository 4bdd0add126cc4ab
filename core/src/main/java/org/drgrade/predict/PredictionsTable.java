package org.drgrade.predict;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.grading.EvaluationState;
import org.drgrade.grading.MetricValue;
import org.drgrade.grading.Split;
import org.drgrade.io.HadoopFiles;

/**
 * The predictions table: one 5-class distribution per image, with its patient, side, split and
 * grade.
 */
public final class PredictionsTable {
  public static final String TEST = Split.TEST.label();

  /** Labelled images of patients the training split never saw (added after training). */
  public static final String UNASSIGNED = Split.UNASSIGNED.label();

  public static final StructType SCHEMA =
      new StructType()
          .add("image", DataTypes.StringType, false)
          .add("patient", DataTypes.StringType, false)
          // Null for an image that is not one of a left/right pair (a one-eye patient named by its
          // own id).
          .add("side", DataTypes.StringType, true)
          .add("split", DataTypes.StringType, false)
          .add("level", DataTypes.IntegerType, true)
          .add("p0", DataTypes.DoubleType, false)
          .add("p1", DataTypes.DoubleType, false)
          .add("p2", DataTypes.DoubleType, false)
          .add("p3", DataTypes.DoubleType, false)
          .add("p4", DataTypes.DoubleType, false);

  private PredictionsTable() {}

  public static String dir(String stageDir) {
    return HadoopFiles.join(stageDir, "predictions");
  }

  /** The distribution of a row of this table. */
  public static double[] distribution(Row r) {
    return new double[] {r.getAs("p0"), r.getAs("p1"), r.getAs("p2"), r.getAs("p3"), r.getAs("p4")};
  }

  /**
   * A distribution renormalised to sum to 1 exactly: averaged float softmax outputs drift by ~1e-7,
   * more than the decide maths' validity check allows. The one place every reader does this.
   */
  public static double[] normalise(double[] p) {
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    double[] out = new double[p.length];
    for (int k = 0; k < p.length; k++) {
      out[k] = p[k] / sum;
    }
    return out;
  }

  /**
   * The images of one split on the driver (N x 5 numbers), by image name: names, patients,
   * distributions, grades (null when unlabelled).
   */
  public record Collected(
      List<String> images, List<String> patients, double[][] p, Integer[] grades) {}

  /**
   * The one driver-side reader of a predictions table: one split, ordered by image, distributions
   * renormalised.
   */
  public static Collected collect(Dataset<Row> predictions, String split) {
    List<Row> rows =
        predictions
            .filter(col("split").equalTo(split))
            .orderBy("image")
            .select("image", "patient", "level", "p0", "p1", "p2", "p3", "p4")
            .collectAsList();
    List<String> images = new ArrayList<>(rows.size());
    List<String> patients = new ArrayList<>(rows.size());
    double[][] p = new double[rows.size()][];
    Integer[] grades = new Integer[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      images.add(r.getAs("image"));
      patients.add(r.getAs("patient"));
      grades[i] = r.getAs("level");
      p[i] = normalise(distribution(r));
    }
    return new Collected(images, patients, p, grades);
  }

  /**
   * Log-loss, argmax kappa and accuracy on the validation rows (N x 6 numbers reach the driver).
   */
  public record ValidationMetrics(
      long images, double logLoss, MetricValue argmaxKappa, MetricValue argmaxAccuracy) {}

  public static ValidationMetrics validationMetrics(Dataset<Row> predictions) {
    EvaluationState state = new EvaluationState();
    predictions
        .filter(col("split").equalTo(Split.VALIDATION.label()))
        .select("level", "p0", "p1", "p2", "p3", "p4")
        .toLocalIterator()
        .forEachRemaining(
            r -> {
              double[] p = distribution(r);
              float[] f = new float[5];
              for (int k = 0; k < 5; k++) {
                f[k] = (float) p[k];
              }
              state.add(f, r.getInt(0));
            });
    return new ValidationMetrics(
        state.images(),
        state.images() > 0 ? state.logLoss() : Double.NaN,
        state.agreement().kappa(),
        state.agreement().accuracy());
  }
}
