package org.drgrade.grading;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable state for grade agreement: 5x5 confusion counts, rows true grade, columns predicted
 * grade. Every metric here is a function of these counts, so partial states built on Spark
 * partitions combine with {@link #merge} (associative and commutative: it adds counts) in a
 * treeAggregate, and the metrics are computed once on the driver.
 *
 * <p>{@link #add} and {@link #merge} mutate and return {@code this}, the contract Spark's aggregate
 * seqOp/combOp allow, so no state is copied per element.
 */
public final class GradeAgreement implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[][] counts = new long[Grades.COUNT][Grades.COUNT];

  public static GradeAgreement of(int[] trueGrades, int[] predictedGrades) {
    if (trueGrades.length != predictedGrades.length) {
      throw new IllegalArgumentException(
          "truth has " + trueGrades.length + " grades, prediction " + predictedGrades.length);
    }
    GradeAgreement state = new GradeAgreement();
    for (int i = 0; i < trueGrades.length; i++) {
      state.add(trueGrades[i], predictedGrades[i]);
    }
    return state;
  }

  /** The state of saved confusion counts (rows true grade, columns predicted grade). */
  public static GradeAgreement fromConfusion(long[][] confusion) {
    if (confusion.length != Grades.COUNT) {
      throw new IllegalArgumentException(
          "confusion has " + confusion.length + " rows, expected " + Grades.COUNT);
    }
    GradeAgreement state = new GradeAgreement();
    for (int i = 0; i < Grades.COUNT; i++) {
      if (confusion[i].length != Grades.COUNT) {
        throw new IllegalArgumentException(
            "confusion row " + i + " has " + confusion[i].length + " columns");
      }
      for (int j = 0; j < Grades.COUNT; j++) {
        if (confusion[i][j] < 0) {
          throw new IllegalArgumentException("negative count " + confusion[i][j]);
        }
        state.counts[i][j] = confusion[i][j];
      }
    }
    return state;
  }

  public GradeAgreement add(int trueGrade, int predictedGrade) {
    counts[Grades.requireValid(trueGrade)][Grades.requireValid(predictedGrade)]++;
    return this;
  }

  public GradeAgreement merge(GradeAgreement other) {
    for (int i = 0; i < Grades.COUNT; i++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        counts[i][j] += other.counts[i][j];
      }
    }
    return this;
  }

  /** A copy of the counts, rows true grade, columns predicted grade. */
  public long[][] confusion() {
    long[][] copy = new long[Grades.COUNT][];
    for (int i = 0; i < Grades.COUNT; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long c : row) {
        n += c;
      }
    }
    return n;
  }

  public long[] trueHistogram() {
    long[] hist = new long[Grades.COUNT];
    for (int i = 0; i < Grades.COUNT; i++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        hist[i] += counts[i][j];
      }
    }
    return hist;
  }

  public long[] predictedHistogram() {
    long[] hist = new long[Grades.COUNT];
    for (int i = 0; i < Grades.COUNT; i++) {
      for (int j = 0; j < Grades.COUNT; j++) {
        hist[j] += counts[i][j];
      }
    }
    return hist;
  }

  public MetricValue kappa() {
    return QuadraticWeightedKappa.of(counts);
  }

  public MetricValue accuracy() {
    long n = total();
    if (n == 0) {
      return MetricValue.undefined("no images");
    }
    long agree = 0;
    for (int i = 0; i < Grades.COUNT; i++) {
      agree += counts[i][i];
    }
    return MetricValue.of((double) agree / n);
  }

  /** Share of truly referable images (grade >= 2) predicted referable. */
  public MetricValue referableSensitivity() {
    return referableRate(true);
  }

  /** Share of truly non-referable images (grade < 2) predicted non-referable. */
  public MetricValue referableSpecificity() {
    return referableRate(false);
  }

  private MetricValue referableRate(boolean truthReferable) {
    long group = 0;
    long correct = 0;
    for (int i = 0; i < Grades.COUNT; i++) {
      if (Grades.isReferable(i) != truthReferable) {
        continue;
      }
      for (int j = 0; j < Grades.COUNT; j++) {
        group += counts[i][j];
        if (Grades.isReferable(j) == truthReferable) {
          correct += counts[i][j];
        }
      }
    }
    if (group == 0) {
      return MetricValue.undefined(
          truthReferable ? "no referable images in truth" : "no non-referable images in truth");
    }
    return MetricValue.of((double) correct / group);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GradeAgreement other && Arrays.deepEquals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "GradeAgreement" + Arrays.deepToString(counts);
  }
}
