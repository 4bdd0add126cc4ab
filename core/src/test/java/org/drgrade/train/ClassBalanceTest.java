package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClassBalanceTest {

  /** The grade mix of the four original labelled folders of ../shared/data, roughly. */
  private static final long[] SKEWED = {400, 80, 200, 60, 50};

  @Test
  void offDrawsEveryImageOnce() {
    ClassBalance none = ClassBalance.NONE;
    assertFalse(none.enabled());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1}, none.draws(SKEWED, 0), 1e-12);
  }

  @Test
  void fullBalanceGivesEveryPresentGradeTheSameShareAndKeepsTheEpochSize() {
    long[] counts = {600, 100, 0, 40, 60};
    double[] draws = new ClassBalance(1, 0.9).draws(counts, 0);
    assertEquals(0, draws[2], "a grade with no images is never drawn");
    double total = 0;
    for (int g = 0; g < counts.length; g++) {
      total += counts[g] * draws[g];
      if (counts[g] > 0) assertEquals(800 / 4.0, counts[g] * draws[g], 1e-9, "grade " + g);
    }
    assertEquals(800, total, 1e-9);
  }

  @Test
  void decaysTowardsTheNaturalMix() {
    ClassBalance balance = new ClassBalance(1, 0.9);
    double[] first = balance.draws(SKEWED, 0);
    double[] last = balance.draws(SKEWED, 59);
    assertTrue(first[4] > 3 && first[0] < 0.5, "epoch 1 favours the rare grades");
    for (int g = 0; g < SKEWED.length; g++) {
      assertEquals(1, last[g], 0.01, "epoch 60 is within 1 % of the natural mix, grade " + g);
      double previous = Double.NaN;
      for (int e = 0; e < 60; e++) {
        double d = balance.draws(SKEWED, e)[g];
        if (!Double.isNaN(previous)) {
          assertTrue(Math.abs(d - 1) <= Math.abs(previous - 1) + 1e-12, "monotone towards 1");
        }
        previous = d;
      }
    }
    assertEquals(0.5 * 0.81, new ClassBalance(0.5, 0.9).balancedShare(2), 1e-12);
  }

  @Test
  void towardEndsAtTheGivenMixOverTheGradesPresentAndKeepsTheEpochSize() {
    // training images of another population: no grade 3, grade 0 dominant
    long[] counts = {1600, 380, 900, 0, 80};
    double total = 2960;
    ClassBalance toward = new ClassBalance(0, 0.9, new double[] {275, 154, 183, 105, 79});
    double[] draws = toward.draws(counts, 0);
    assertEquals(0, draws[3], "a grade with no images is never drawn");
    double kept = 275 + 154 + 183 + 79;
    double drawn = 0;
    for (int g : new int[] {0, 1, 2, 4}) {
      double share = counts[g] * draws[g] / total;
      double wanted = new double[] {275, 154, 183, 105, 79}[g] / kept;
      assertEquals(wanted, share, 1e-12, "grade " + g + " ends at its share of the mix");
      drawn += counts[g] * draws[g];
    }
    assertEquals(total, drawn, 1e-9);
    assertTrue(
        draws[0] < 1 && draws[4] > 1, "the dominant grade is thinned, the rare one repeated");
    double[] early =
        new ClassBalance(1, 0.9, new double[] {275, 154, 183, 105, 79}).draws(counts, 0);
    assertEquals(total / 4, counts[4] * early[4], 1e-9, "start 1 still begins uniform");
  }

  @Test
  void towardMustWeighAGradeTheTrainingSetHasAndHoldFiveFiniteWeights() {
    ClassBalance onlyHigh = new ClassBalance(0, 0.9, new double[] {0, 0, 0, 1, 1});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> onlyHigh.draws(new long[] {10, 5, 3, 0, 0}, 0));
    assertTrue(e.getMessage().contains("no weight"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ClassBalance(0, 0.9, new double[] {1, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClassBalance(0, 0.9, new double[] {1, 1, Double.NaN, 1, 1}));
  }

  @Test
  void rejectsSharesAndDecaysOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new ClassBalance(1.5, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new ClassBalance(-0.1, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new ClassBalance(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClassBalance(1, 1.1));
  }

  @Test
  void resamplingDrawsEachImageFloorOrCeilTimesWithNumberedCopies() {
    StructType schema =
        new StructType().add("image", DataTypes.StringType).add("level", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(new GenericRowWithSchema(new Object[] {"img" + i, i % 2 == 0 ? 0 : 4}, schema));
    }
    double[] draws = {0.25, 0, 0, 0, 2.5};
    List<EpochBatches.Draw> drawn = EpochBatches.resample(rows, draws, new Random(7));
    Map<String, Integer> times = new HashMap<>();
    int[] perGrade = new int[5];
    for (EpochBatches.Draw d : drawn) {
      String image = d.row().getAs("image");
      int seen = times.merge(image, 1, Integer::sum);
      assertEquals(seen - 1, d.copy(), "copies of " + image + " are numbered 0, 1, ...");
      perGrade[d.row().<Integer>getAs("level")]++;
    }
    for (Row r : rows) {
      int t = times.getOrDefault(r.<String>getAs("image"), 0);
      if (r.<Integer>getAs("level") == 4) assertTrue(t == 2 || t == 3, "grade 4 drawn " + t);
      else assertTrue(t == 0 || t == 1, "grade 0 drawn " + t);
    }
    // 500 images each: expected 125 and 1250 draws; binomial spread is ~10 and ~11
    assertEquals(125, perGrade[0], 40);
    assertEquals(1250, perGrade[4], 40);
  }
}
