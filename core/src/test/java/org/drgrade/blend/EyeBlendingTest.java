package org.drgrade.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.drgrade.io.HadoopFiles;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.ModelStore;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A model's blender over a predictions table: pairs blended, one-eyed and side-less images passed
 * through.
 */
class EyeBlendingTest {
  private static Row row(String image, String patient, String side, double... p) {
    return RowFactory.create(
        image, patient, side, PredictionsTable.TEST, null, p[0], p[1], p[2], p[3], p[4]);
  }

  /** The rows blended by a linear blender of own-eye weight 0.75: image -> distribution. */
  private static Map<String, double[]> linearBlend(List<Row> rows) {
    var predictions = TestSpark.session().createDataFrame(rows, PredictionsTable.SCHEMA);
    var state = new ModelDescriptor.BlenderState("linear", 0.75, null, 0);
    ModelStore unused =
        new ModelStore(new HadoopFiles(new Configuration()), "file:/nonexistent-model");
    return EyeBlending.apply(TestSpark.session(), predictions, unused, state)
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("image"), PredictionsTable::distribution));
  }

  @Test
  void blendsPairsAndPassesEveryOtherImageThrough() {
    double[] a = {0.6, 0.4, 0, 0, 0};
    double[] b = {0, 0, 0.2, 0.8, 0};
    double[] c = {0, 0, 0, 0, 1};
    List<Row> rows =
        List.of(
            row("1_left", "1", "left", a),
            row("1_right", "1", "right", b),
            row("2_left", "2", "left", c),
            row("04e1b77ef107", "04e1b77ef107", null, c));
    Map<String, double[]> out = linearBlend(rows);

    assertEquals(4, out.size(), "one row per image in, one out");
    assertArrayEquals(new double[] {0.45, 0.3, 0.05, 0.2, 0}, out.get("1_left"), 1e-12);
    assertArrayEquals(new double[] {0.15, 0.1, 0.15, 0.6, 0}, out.get("1_right"), 1e-12);
    assertArrayEquals(c, out.get("2_left"), 1e-12);
    assertArrayEquals(c, out.get("04e1b77ef107"), 1e-12);
  }

  @Test
  void severalImagesOfOneEyeAreAveragedBeforeTheBlendAndEachGetsTheEyes() {
    double[] view1 = {0.8, 0.2, 0, 0, 0};
    double[] view2 = {0.4, 0.2, 0.4, 0, 0};
    double[] right = {0, 0, 0, 0, 1};
    List<Row> rows =
        List.of(
            row("7_left_1", "7", "left", view1),
            row("7_left_2", "7", "left", view2),
            row("7_right_1", "7", "right", right));
    Map<String, double[]> out = linearBlend(rows);

    assertEquals(3, out.size(), "every image graded: " + out.keySet());
    // The left eye is the views' mean (0.6, 0.2, 0.2, 0, 0), then blended 0.75 / 0.25 with the
    // right.
    double[] left = {0.45, 0.15, 0.15, 0, 0.25};
    assertArrayEquals(left, out.get("7_left_1"), 1e-12);
    assertArrayEquals(left, out.get("7_left_2"), 1e-12);
    assertArrayEquals(new double[] {0.15, 0.05, 0.05, 0, 0.75}, out.get("7_right_1"), 1e-12);
  }
}
