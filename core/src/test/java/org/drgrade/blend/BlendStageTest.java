package org.drgrade.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.folds.PatientFolds;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.StageMarker;
import org.drgrade.model.ModelStore;
import org.drgrade.model.TrainedPatients;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.testing.SampleModel;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blend stage's validation rows: each validation patient is blended by a blender fitted without
 * its fold, test patients by the one fitted on every validation patient. Were validation rows
 * blended in sample, the validation kappa decide reports would be the blender's fit.
 */
class BlendStageTest {
  private static final int FOLDS = 5;
  private static final long SEED = 2015;

  @TempDir Path tmp;
  private final SparkSession spark = TestSpark.session();
  private final HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());

  /** 200 validation patients (10 one-eyed) and 30 test patients, as predict would write them. */
  private final List<EyePair> validation = named("v", SyntheticPatients.generate(200, 10, 5));

  private final List<EyePair> test = named("t", SyntheticPatients.generate(30, 0, 6));

  /** The pairs with their patient ids prefixed, so the two generated sets share no id. */
  private static List<EyePair> named(String prefix, List<EyePair> pairs) {
    return pairs.stream()
        .map(
            p ->
                new EyePair(
                    prefix + p.patient(), p.left(), p.right(), p.leftGrade(), p.rightGrade()))
        .toList();
  }

  @Test
  void linearValidationRowsComeFromTheWeightFittedWithoutTheirFold() {
    DrgradeConfig cfg = prepare("linear");
    BlendSummary summary = new BlendStage(spark).run(BlendConfig.from(cfg));
    assertEquals("linear", summary.method());
    Map<String, double[]> out = blended(cfg);

    // What each fold's blender should be, from the public pieces: the folds and a fit on the rest.
    Map<String, Integer> fold =
        PatientFolds.assign(validation.stream().map(EyePair::patient).toList(), FOLDS, SEED);
    double[] foldWeight = new double[FOLDS];
    for (int k = 0; k < FOLDS; k++) {
      int held = k;
      foldWeight[k] =
          LinearBlend.fit(validation.stream().filter(p -> fold.get(p.patient()) != held).toList())
              .blend()
              .ownWeight();
    }
    double allWeight = LinearBlend.fit(validation).blend().ownWeight();
    // The check below tells in-sample from out-of-fold only where some fold's weight differs.
    assertTrue(
        java.util.Arrays.stream(foldWeight).anyMatch(w -> w != allWeight),
        "fold weights " + java.util.Arrays.toString(foldWeight) + " all equal " + allWeight);

    for (EyePair p : validation) {
      double[] left = out.get(p.patient() + "_left");
      if (!p.hasBothEyes()) {
        assertArrayEquals(p.left(), left, 1e-12, "one-eyed " + p.patient() + " passes through");
        continue;
      }
      double c = foldWeight[fold.get(p.patient())];
      assertArrayEquals(mix(c, p.left(), p.right()), left, 1e-9, p.patient() + " left");
      assertArrayEquals(
          mix(c, p.right(), p.left()), out.get(p.patient() + "_right"), 1e-9, p.patient());
    }
    for (EyePair p : test) {
      assertArrayEquals(
          mix(allWeight, p.left(), p.right()),
          out.get(p.patient() + "_left"),
          1e-9,
          "test " + p.patient());
    }
    assertEquals(
        allWeight, new ModelStore(files, cfg.string("model.dir")).read().blender().ownWeight());
  }

  @Test
  void networkValidationRowsAreTheCrossValidatedNetworksNotTheFinalOnes() {
    DrgradeConfig cfg = prepare("network");
    BlendSummary summary = new BlendStage(spark).run(BlendConfig.from(cfg));
    assertEquals("network", summary.method());
    Map<String, double[]> out = blended(cfg);

    // The network saved for test images, applied to the validation patients: their in-sample rows.
    ModelStore store = new ModelStore(files, cfg.string("model.dir"));
    BlendNetwork saved = BlendNetwork.fromBytes(store.readFile(ModelStore.BLENDER_FILE));
    int differ = 0;
    for (EyePair p : validation) {
      if (!p.hasBothEyes()) {
        assertArrayEquals(p.left(), out.get(p.patient() + "_left"), 1e-12, p.patient());
        continue;
      }
      if (maxDifference(saved.blend(p).left(), out.get(p.patient() + "_left")) > 1e-6) {
        differ++;
      }
    }
    assertTrue(differ > 150, differ + " of 190 validation pairs differ from the final network's");
    for (EyePair p : test) {
      assertArrayEquals(
          saved.blend(p).left(), out.get(p.patient() + "_left"), 1e-5, "test " + p.patient());
    }
  }

  private static double maxDifference(double[] a, double[] b) {
    double max = 0;
    for (int k = 0; k < a.length; k++) {
      max = Math.max(max, Math.abs(a[k] - b[k]));
    }
    return max;
  }

  private static double[] mix(double c, double[] own, double[] other) {
    double[] out = new double[own.length];
    for (int k = 0; k < own.length; k++) {
      out[k] = c * own[k] + (1 - c) * other[k];
    }
    return out;
  }

  /** A predict output and a model directory for the blend stage, with {@code method}. */
  private DrgradeConfig prepare(String method) {
    DrgradeConfig cfg =
        TestSpark.config(
            "run.output=\"" + tmp.resolve("run") + "\"",
            "blend.method=" + method,
            "blend.folds=" + FOLDS,
            "blend.seed=" + SEED,
            // a small network, fast enough for a unit test
            "blend.hidden-units=16",
            "blend.epochs=5");
    List<Row> rows = new ArrayList<>();
    addRows(rows, validation, "validation");
    addRows(rows, test, PredictionsTable.TEST);
    String predict = cfg.string("predict.output");
    spark
        .createDataFrame(rows, PredictionsTable.SCHEMA)
        .write()
        .parquet(PredictionsTable.dir(predict));
    StageMarker.markComplete(files, predict);
    new ModelStore(files, cfg.string("model.dir"))
        .create(
            SampleModel.descriptor(),
            List.of(new byte[] {1}),
            TrainedPatients.ofSplit(List.of(), ids()));
    return cfg;
  }

  private List<String> ids() {
    return new ArrayList<>(
        new TreeSet<>(validation.stream().map(EyePair::patient).collect(Collectors.toList())));
  }

  private static void addRows(List<Row> rows, List<EyePair> pairs, String split) {
    for (EyePair p : pairs) {
      String patient = p.patient();
      if (p.left() != null) {
        rows.add(
            row(
                patient,
                "left",
                split,
                split.equals("validation") ? p.leftGrade() : null,
                p.left()));
      }
      if (p.right() != null) {
        rows.add(
            row(
                patient,
                "right",
                split,
                split.equals("validation") ? p.rightGrade() : null,
                p.right()));
      }
    }
  }

  private static Row row(String patient, String side, String split, Integer level, double[] p) {
    return RowFactory.create(
        patient + "_" + side, patient, side, split, level, p[0], p[1], p[2], p[3], p[4]);
  }

  /** The blend output's distributions by image. */
  private Map<String, double[]> blended(DrgradeConfig cfg) {
    Map<String, double[]> out = new HashMap<>();
    for (Row r :
        spark.read().parquet(PredictionsTable.dir(cfg.string("blend.output"))).collectAsList()) {
      out.put(r.getAs("image"), PredictionsTable.distribution(r));
    }
    return out;
  }
}
