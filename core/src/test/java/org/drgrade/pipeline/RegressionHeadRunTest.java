package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.OutputHead;
import org.drgrade.engine.dl4j.Dl4jNetwork;
import org.drgrade.grading.GradeCutPoints;
import org.drgrade.grading.RegressedGrade;
import org.drgrade.io.Json;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drgrade run} with the regression head (the default, set here explicitly) on the default
 * DL4J engine and its Spark parameter averaging: the model's networks have one output; every
 * prediction is the {@link RegressedGrade} distribution of the regressed grade; blend, decide and
 * report run on them as on a softmax's; the kept model grades new images with the kappa-tuned
 * cut-points.
 */
@IntegrationTest
class RegressionHeadRunTest {
  @TempDir Path tmp;

  private List<String> args(String command, String... extra) {
    List<String> all =
        new ArrayList<>(
            Drgrade.smallRun(
                command,
                tmp,
                "train.head=regression",
                "predict.checkpoints=1",
                "predict.augmentations=1",
                "blend.method=linear"));
    all.addAll(List.of(extra));
    return all;
  }

  @Test
  void aRegressionRunPredictsRegressedGradesAndItsModelGrades() throws Exception {
    String printed = Drgrade.run(args("run"));
    Path run = tmp.resolve("run");
    assertTrue(Files.exists(run.resolve("report/_SUCCESS")), printed);
    assertTrue(Files.exists(run.resolve("decide/submission.csv")), printed);

    ModelDescriptor model =
        Json.parse(Files.readString(run.resolve("model/model.json")), ModelDescriptor.class);
    try (GradingNetwork net =
        Engines.of("dl4j")
            .read(Files.readAllBytes(run.resolve("model").resolve(model.networks().get(0))))) {
      assertEquals(
          OutputHead.REGRESSION, Dl4jNetwork.headOf(((Dl4jNetwork) net).multiLayerNetwork()));
    }

    // One network and one view: each row is exactly the distribution around one regressed grade.
    // ln p(k+1)/p(k) = (y - k - 1/2) / sd^2 gives y back; it is read at the neighbouring grades
    // that hold the most probability, because a grade far from y can underflow to 0 (CI once
    // regressed y past 28 after one epoch on 24 images, and p0 was 0).
    List<Row> predictions =
        TestSpark.session()
            .read()
            .parquet(run.resolve("predict/predictions").toString())
            .collectAsList();
    assertEquals(30, predictions.size(), "24 labelled and 6 test images");
    for (Row r : predictions) {
      double[] p = PredictionsTable.distribution(r);
      int k0 = 0;
      for (int k = 1; k < 4; k++) {
        if (Math.min(p[k], p[k + 1]) > Math.min(p[k0], p[k0 + 1])) {
          k0 = k;
        }
      }
      double sd2 = RegressedGrade.SPREAD * RegressedGrade.SPREAD;
      double y = sd2 * Math.log(p[k0 + 1] / p[k0]) + k0 + 0.5;
      float[] expected = RegressedGrade.distribution(y);
      for (int k = 0; k < 5; k++) {
        assertEquals(expected[k], p[k], 1e-5, r.getAs("image") + " grade " + k);
      }
    }

    Path graded = tmp.resolve("graded");
    String grade =
        Drgrade.run(
            args(
                "grade",
                "--model",
                run.resolve("model").toString(),
                "--images",
                tmp.resolve("synth/test").toString(),
                "--output",
                graded.toString(),
                "--rule",
                "tuned_cut_points"));
    assertTrue(grade.contains("6 graded + 0 quarantined"), grade);
    GradeCutPoints tuned = new GradeCutPoints(model.decision().cutPoints());
    for (Row r :
        TestSpark.session().read().parquet(graded.resolve("grades").toString()).collectAsList()) {
      double e = r.getAs("expected_grade");
      assertEquals(tuned.grade(e), r.<Integer>getAs("grade"), "the tuned cut-points grade " + e);
    }
  }
}
