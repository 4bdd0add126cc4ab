package org.drgrade.grade;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drgrade.io.HadoopFiles;

/**
 * grade's outputs: one table per image, per patient and per quarantined file, each as Parquet and
 * as one CSV.
 */
final class GradesTable {
  static final String IMAGES = "grades";
  static final String PATIENTS = "patients";
  static final String QUARANTINE = "quarantine";

  static final StructType IMAGE_SCHEMA =
      new StructType()
          .add("image", DataTypes.StringType, false)
          .add("patient", DataTypes.StringType, false)
          .add("side", DataTypes.StringType, true)
          .add("grade", DataTypes.IntegerType, false)
          .add("referable", DataTypes.BooleanType, false)
          .add("p_referable", DataTypes.DoubleType, false)
          .add("expected_grade", DataTypes.DoubleType, false)
          .add("p0", DataTypes.DoubleType, false)
          .add("p1", DataTypes.DoubleType, false)
          .add("p2", DataTypes.DoubleType, false)
          .add("p3", DataTypes.DoubleType, false)
          .add("p4", DataTypes.DoubleType, false)
          .add("crop_quality", DataTypes.DoubleType, true)
          .add("source_path", DataTypes.StringType, false);

  static final StructType PATIENT_SCHEMA =
      new StructType()
          .add("patient", DataTypes.StringType, false)
          .add("images", DataTypes.IntegerType, false)
          .add("left_grade", DataTypes.IntegerType, true)
          .add("right_grade", DataTypes.IntegerType, true)
          .add("grade", DataTypes.IntegerType, false)
          .add("referable", DataTypes.BooleanType, false);

  /**
   * One graded image: its grade under the model's rule, its distribution and its crop's outline
   * quality.
   */
  record ImageGrade(
      String image,
      String patient,
      String side,
      int grade,
      boolean referable,
      double referableProbability,
      double expectedGrade,
      double[] p,
      Double cropQuality,
      String sourcePath) {
    Row row() {
      return RowFactory.create(
          image,
          patient,
          side,
          grade,
          referable,
          referableProbability,
          expectedGrade,
          p[0],
          p[1],
          p[2],
          p[3],
          p[4],
          cropQuality,
          sourcePath);
    }
  }

  /** One patient: the worse eye's grade (a patient is referred if either eye is referable). */
  record PatientGrade(
      String patient,
      int images,
      Integer leftGrade,
      Integer rightGrade,
      int grade,
      boolean referable) {
    Row row() {
      return RowFactory.create(patient, images, leftGrade, rightGrade, grade, referable);
    }
  }

  static List<PatientGrade> patients(List<ImageGrade> images) {
    Map<String, List<ImageGrade>> byPatient = new TreeMap<>();
    images.forEach(g -> byPatient.computeIfAbsent(g.patient(), k -> new ArrayList<>()).add(g));
    List<PatientGrade> out = new ArrayList<>();
    byPatient.forEach(
        (patient, eyes) -> {
          Integer left =
              eyes.stream()
                  .filter(g -> "left".equals(g.side()))
                  .map(ImageGrade::grade)
                  .max(Integer::compare)
                  .orElse(null);
          Integer right =
              eyes.stream()
                  .filter(g -> "right".equals(g.side()))
                  .map(ImageGrade::grade)
                  .max(Integer::compare)
                  .orElse(null);
          int worst = eyes.stream().mapToInt(ImageGrade::grade).max().orElseThrow();
          out.add(
              new PatientGrade(
                  patient,
                  eyes.size(),
                  left,
                  right,
                  worst,
                  eyes.stream().anyMatch(ImageGrade::referable)));
        });
    return out;
  }

  private final SparkSession spark;
  private final HadoopFiles files;
  private final String output;

  GradesTable(SparkSession spark, HadoopFiles files, String output) {
    this.spark = spark;
    this.files = files;
    this.output = output;
  }

  void writeImages(List<ImageGrade> grades) {
    write(
        IMAGES, spark.createDataFrame(grades.stream().map(ImageGrade::row).toList(), IMAGE_SCHEMA));
  }

  void writePatients(List<PatientGrade> patients) {
    write(
        PATIENTS,
        spark.createDataFrame(patients.stream().map(PatientGrade::row).toList(), PATIENT_SCHEMA));
  }

  /**
   * Ingest's and preprocess's quarantined files together, each with the stage that refused it;
   * returns the count.
   */
  long writeQuarantine(String ingestDir, String preprocessDir) {
    Dataset<Row> ingest =
        spark
            .read()
            .parquet(HadoopFiles.join(ingestDir, "quarantine"))
            .select(
                lit("ingest").as("stage"), col("path"), col("image"), col("reason"), col("detail"));
    Dataset<Row> preprocess =
        spark
            .read()
            .parquet(HadoopFiles.join(preprocessDir, "quarantine"))
            .select(
                lit("preprocess").as("stage"),
                col("source_path").as("path"),
                col("image"),
                col("reason"),
                col("detail"));
    Dataset<Row> all = ingest.unionByName(preprocess).orderBy("stage", "path");
    write(QUARANTINE, all);
    return spark.read().parquet(HadoopFiles.join(output, QUARANTINE)).count();
  }

  /** Parquet (one file: these tables are small) and the same rows as NAME.csv with a header. */
  private void write(String name, Dataset<Row> table) {
    String dir = HadoopFiles.join(output, name);
    table.coalesce(1).write().mode("overwrite").parquet(dir);
    Dataset<Row> written = spark.read().parquet(dir);
    StringWriter text = new StringWriter();
    CsvWriter csv = new CsvWriter(text, new CsvWriterSettings());
    csv.writeHeaders(written.columns());
    for (Row r : written.collectAsList()) {
      Object[] values = new Object[r.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i);
      }
      csv.writeRow(values);
    }
    csv.close();
    files.writeText(HadoopFiles.join(output, name + ".csv"), text.toString());
  }
}
