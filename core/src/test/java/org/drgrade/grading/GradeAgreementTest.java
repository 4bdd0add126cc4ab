package org.drgrade.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GradeAgreementTest {

  @Test
  void kappaOfHandComputedCase() {
    // O: one disagreement at distance 1 -> sum W*O = 1/16; sum W*E = 5/16 (worked by hand).
    assertEquals(
        0.8, GradeAgreement.of(new int[] {0, 1, 2}, new int[] {0, 2, 2}).kappa().value(), 1e-12);
  }

  /**
   * Published vectors: scikit-learn's test_cohen_kappa (quadratic weights, 0.9541 to 4 decimals; O
   * has 4 images at distance 1, N sum W*E = 87.2 in unnormalised weights, so exactly 1 - 4/87.2)
   * and ml_metrics' test_quadratic_weighted_kappa (ratings 1..3, 0.75; 2/8 the same way). Both
   * libraries weight (i-j)^2/(L-1)^2 over the L classes they name, we weight (i-j)^2/16 over all
   * five grades, and the results agree: a grade in neither vector has an empty row and column in O
   * and E, so adds nothing to either sum; the named classes are contiguous, so renumbering them
   * from 0 is a shift that leaves every (i-j)^2 as it was; and the constant normaliser cancels in
   * sum(W*O) / sum(W*E). The labels-present reference checks that numerically. (With a gap in the
   * named classes the renumbering changes distances: see the test below.)
   */
  @Test
  void publishedVectors() {
    int[] sklearnFirst = concat(repeat(0, 46), repeat(1, 44), repeat(2, 10));
    int[] sklearnSecond = concat(repeat(0, 50), repeat(1, 40), repeat(2, 10));
    double sklearn = GradeAgreement.of(sklearnFirst, sklearnSecond).kappa().value();
    assertEquals(0.9541, sklearn, 5e-5);
    assertEquals(1 - 4 / 87.2, sklearn, 1e-12);
    assertEquals(ReferenceKappa.labelsPresent(sklearnFirst, sklearnSecond), sklearn, 1e-12);
    assertEquals(sklearn, GradeAgreement.of(sklearnSecond, sklearnFirst).kappa().value(), 1e-15);

    int[] mlMetricsA = {1, 2, 3, 1, 2, 2, 3};
    int[] mlMetricsB = {1, 2, 3, 1, 2, 3, 2};
    double mlMetrics = GradeAgreement.of(mlMetricsA, mlMetricsB).kappa().value();
    assertEquals(0.75, mlMetrics, 1e-12);
    assertEquals(ReferenceKappa.labelsPresent(mlMetricsA, mlMetricsB), mlMetrics, 1e-12);
  }

  @Test
  void perfectAgreementIsOne() {
    int[] grades = {0, 0, 1, 2, 3, 4, 4, 2};
    assertEquals(1.0, GradeAgreement.of(grades, grades).kappa().value(), 1e-15);
  }

  @Test
  void gradeMissingFromBothVectorsStillCountsAtItsTrueDistance() {
    // Grades 2 and 3 occur in neither vector. Fixed 5 classes: O = 1 + 9 = 10,
    // N * sum W*E * 16 = 134, kappa = 1 - 50/134 = 42/67. A labels-present implementation
    // renumbers 0,1,4 as 0,1,2 and gets 2/3.
    int[] truth = {0, 0, 1, 4, 4};
    int[] predicted = {0, 1, 1, 4, 1};
    double kappa = GradeAgreement.of(truth, predicted).kappa().value();
    assertEquals(42.0 / 67, kappa, 1e-12);
    assertEquals(2.0 / 3, ReferenceKappa.labelsPresent(truth, predicted), 1e-12);
    assertNotEquals(ReferenceKappa.labelsPresent(truth, predicted), kappa, 1e-3);
  }

  @Test
  void onlyTopGradesMissingGivesTheSameAsLabelsPresent() {
    int[] truth = {0, 1, 2, 2};
    int[] predicted = {0, 2, 2, 1};
    assertEquals(
        ReferenceKappa.labelsPresent(truth, predicted),
        GradeAgreement.of(truth, predicted).kappa().value(),
        1e-12);
  }

  @Test
  void agreesWithStraightforwardReferenceOnRandomData() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(60);
      int[] truth = IntStream.range(0, n).map(i -> random.nextInt(5)).toArray();
      int[] predicted =
          IntStream.range(0, n).map(i -> Math.min(4, truth[i] + random.nextInt(2))).toArray();
      double expected = ReferenceKappa.fixedFive(truth, predicted);
      MetricValue kappa = GradeAgreement.of(truth, predicted).kappa();
      assertEquals(Double.isNaN(expected), !kappa.defined());
      if (kappa.defined()) {
        assertEquals(expected, kappa.value(), 1e-12);
      }
    }
  }

  @Test
  void undefinedWithoutImagesOrWithoutExpectedDisagreement() {
    assertFalse(new GradeAgreement().kappa().defined());
    assertFalse(new GradeAgreement().accuracy().defined());
    MetricValue allTwo = GradeAgreement.of(new int[] {2, 2, 2}, new int[] {2, 2, 2}).kappa();
    assertFalse(allTwo.defined());
    assertThrows(IllegalStateException.class, allTwo::orThrow);
    // Truth constant but prediction varied: expected disagreement > 0, kappa defined (and 0).
    assertEquals(
        0.0, GradeAgreement.of(new int[] {2, 2, 2}, new int[] {2, 1, 2}).kappa().value(), 1e-15);
  }

  @Test
  void accuracyConfusionAndReferableRates() {
    GradeAgreement state =
        GradeAgreement.of(new int[] {0, 0, 1, 2, 3, 4}, new int[] {0, 2, 1, 1, 3, 4});
    assertEquals(4.0 / 6, state.accuracy().value(), 1e-15);
    assertEquals(1, state.confusion()[0][2]);
    assertEquals(6, state.total());
    assertArrayEquals(new long[] {2, 1, 1, 1, 1}, state.trueHistogram());
    assertArrayEquals(new long[] {1, 2, 1, 1, 1}, state.predictedHistogram());
    assertEquals(2.0 / 3, state.referableSensitivity().value(), 1e-15); // 3 and 4 found, 2 missed
    assertEquals(2.0 / 3, state.referableSpecificity().value(), 1e-15); // a 0 called 2
    GradeAgreement healthy = GradeAgreement.of(new int[] {0, 1}, new int[] {0, 0});
    assertFalse(healthy.referableSensitivity().defined());
    assertEquals(1.0, healthy.referableSpecificity().value());
    assertFalse(GradeAgreement.of(new int[] {3}, new int[] {3}).referableSpecificity().defined());
  }

  @Test
  void mergedStatesEqualTheStateOfTheConcatenation() {
    Random random = new Random(11);
    int[] truth = IntStream.range(0, 500).map(i -> random.nextInt(5)).toArray();
    int[] predicted = IntStream.range(0, 500).map(i -> random.nextInt(5)).toArray();
    GradeAgreement whole = GradeAgreement.of(truth, predicted);
    GradeAgreement a =
        GradeAgreement.of(Arrays.copyOfRange(truth, 0, 100), Arrays.copyOfRange(predicted, 0, 100));
    GradeAgreement b =
        GradeAgreement.of(
            Arrays.copyOfRange(truth, 100, 320), Arrays.copyOfRange(predicted, 100, 320));
    GradeAgreement c =
        GradeAgreement.of(
            Arrays.copyOfRange(truth, 320, 500), Arrays.copyOfRange(predicted, 320, 500));
    GradeAgreement leftFirst = copy(a).merge(copy(b)).merge(copy(c));
    GradeAgreement rightFirst = copy(c).merge(copy(b).merge(copy(a)));
    assertEquals(whole, leftFirst);
    assertEquals(whole, rightFirst);
    assertEquals(whole.kappa(), leftFirst.kappa());
    assertEquals(whole, copy(whole).merge(new GradeAgreement()));
  }

  @Test
  void rejectsOutOfRangeGrades() {
    assertThrows(IllegalArgumentException.class, () -> new GradeAgreement().add(5, 0));
    assertThrows(IllegalArgumentException.class, () -> new GradeAgreement().add(0, -1));
  }

  private static int[] repeat(int grade, int times) {
    int[] grades = new int[times];
    Arrays.fill(grades, grade);
    return grades;
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  /** Also checks the state survives Java serialisation, as Spark ships it. */
  private static GradeAgreement copy(GradeAgreement state) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(state);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (GradeAgreement) in.readObject();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
