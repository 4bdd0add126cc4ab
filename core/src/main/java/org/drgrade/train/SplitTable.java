package org.drgrade.train;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.folds.PatientSplit;
import org.drgrade.io.HadoopFiles;

/**
 * A training run's split/ table: which patients it trains on and validates on (patient, split), or
 * for a cross-validated run each patient's fold (patient, split = validation, fold). A run whose
 * split/ is complete trains on that split rather than drawing one, which is how a resumed run keeps
 * its patients, how a fold of a cross-validated run is trained, and how a benchmark fixes the
 * patients of each of its folds.
 */
public final class SplitTable {
  /** The folder under a training output. */
  public static final String DIR = "split";

  private static final StructType SPLIT =
      new StructType()
          .add("patient", DataTypes.StringType, false)
          .add("split", DataTypes.StringType, false);
  private static final StructType FOLDS = SPLIT.add("fold", DataTypes.IntegerType, false);

  private SplitTable() {}

  /** Writes patient -> {@link PatientSplit#TRAIN} or {@link PatientSplit#VALIDATION}. */
  public static void write(SparkSession spark, String trainOutput, Map<String, String> split) {
    List<Row> rows =
        split.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList();
    save(spark, trainOutput, rows, SPLIT);
  }

  /** Writes patient -> fold; patients in no fold take no part in the run's training. */
  public static void writeFolds(
      SparkSession spark, String trainOutput, Map<String, Integer> folds) {
    List<Row> rows =
        folds.entrySet().stream()
            .map(e -> RowFactory.create(e.getKey(), PatientSplit.VALIDATION, e.getValue()))
            .toList();
    save(spark, trainOutput, rows, FOLDS);
  }

  private static void save(
      SparkSession spark, String trainOutput, List<Row> rows, StructType schema) {
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(HadoopFiles.join(trainOutput, DIR));
  }
}
