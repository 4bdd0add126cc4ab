package org.drgrade.grading;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Tunes the four cut-points on the expected grade to maximise the true kappa on labelled
 * (validation) data, for use on test distributions. Coordinate ascent from the rounding cut-points:
 * for one cut-point, between its neighbours, every distinct labelling is tried (cut at the midpoint
 * between consecutive sorted expectations), scored from a 5x5 confusion matrix updated one image at
 * a time, so a pass costs O(N * 25) after an O(N log N) sort. A cut-point moves only on a strict
 * kappa gain, so the result is never worse than rounding on the tuning data, and passes stop when
 * none moves (kappa rises strictly, labellings are finite).
 */
public final class CutPointTuner {
  /** Cut-points stay inside [LOWEST, HIGHEST]; expected grades lie in [0, 4]. */
  private static final double LOWEST = -0.5;

  private static final double HIGHEST = Grades.COUNT - 0.5;

  private CutPointTuner() {}

  /**
   * Each image's grade from cut-points tuned on the other folds only, so the kappa of these labels
   * is an out-of-sample figure: tuned on the images it is scored on, the kappa can only be at least
   * rounding's, by construction. A fold with no other fold to tune on gets rounding.
   *
   * @param folds each image's fold (whole patients per fold, so an eye never tunes its partner's)
   */
  public static int[] outOfFold(double[][] p, int[] trueGrades, int[] folds) {
    if (folds.length != p.length) {
      throw new IllegalArgumentException(
          p.length + " distributions but " + folds.length + " folds");
    }
    int[] labels = new int[p.length];
    for (int fold : IntStream.of(folds).distinct().toArray()) {
      int[] in = IntStream.range(0, p.length).filter(i -> folds[i] == fold).toArray();
      int[] out = IntStream.range(0, p.length).filter(i -> folds[i] != fold).toArray();
      GradeCutPoints cuts =
          out.length == 0
              ? GradeCutPoints.rounding()
              : tune(
                  IntStream.of(out).mapToObj(i -> p[i]).toArray(double[][]::new),
                  IntStream.of(out).map(i -> trueGrades[i]).toArray());
      for (int i : in) {
        labels[i] = cuts.grade(GradeDistributions.expectedGrade(p[i]));
      }
    }
    return labels;
  }

  public static GradeCutPoints tune(double[][] p, int[] trueGrades) {
    GradeDistributions.requireValid(p);
    if (p.length != trueGrades.length) {
      throw new IllegalArgumentException(
          p.length + " distributions but " + trueGrades.length + " grades");
    }
    double[] expected = GradeDistributions.expectedGrades(p);
    int[] order =
        IntStream.range(0, p.length)
            .boxed()
            .sorted(Comparator.comparingDouble(n -> expected[n]))
            .mapToInt(Integer::intValue)
            .toArray();
    double[] e = new double[order.length];
    int[] truth = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      e[i] = expected[order[i]];
      truth[i] = Grades.requireValid(trueGrades[order[i]]);
    }
    double[] cuts = GradeCutPoints.rounding().cuts();
    int[] labels = new int[e.length];
    long[][] confusion = new long[Grades.COUNT][Grades.COUNT];
    GradeCutPoints start = new GradeCutPoints(cuts);
    for (int i = 0; i < e.length; i++) {
      labels[i] = start.grade(e[i]);
      confusion[truth[i]][labels[i]]++;
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int k = 1; k < Grades.COUNT; k++) {
        moved |= improveCut(k, cuts, e, truth, labels, confusion);
      }
    }
    return new GradeCutPoints(cuts);
  }

  /**
   * Best position of cut-point k (1-based) between its neighbours. Images with e in [t_{k-1},
   * t_{k+1}) have grade k-1 or k depending on t_k alone; sweeping t_k upwards turns them from k
   * into k-1 one at a time. Returns whether the cut-point moved.
   */
  private static boolean improveCut(
      int k, double[] cuts, double[] e, int[] truth, int[] labels, long[][] confusion) {
    double lower = k > 1 ? cuts[k - 2] : LOWEST;
    double upper = k < Grades.COUNT - 1 ? cuts[k] : HIGHEST;
    int lo = firstAtLeast(e, lower);
    int hi = firstAtLeast(e, upper);
    if (lo == hi) {
      return false;
    }
    int bestSplit = firstAtLeast(e, cuts[k - 1]);
    double bestCut = cuts[k - 1];
    double bestKappa = kappaOrMinusInfinity(confusion);

    for (int i = lo; i < hi; i++) {
      relabel(i, k, truth, labels, confusion);
    }
    // split = first window position still labelled k; positions lo..split-1 are k-1.
    for (int split = lo; split <= hi; split++) {
      if (split > lo) {
        relabel(split - 1, k - 1, truth, labels, confusion);
      }
      if (split > lo && split < hi && e[split] == e[split - 1]) {
        continue; // equal expectations cannot be separated by a cut
      }
      double kappa = kappaOrMinusInfinity(confusion);
      if (kappa > bestKappa) {
        bestKappa = kappa;
        bestSplit = split;
        bestCut = split == lo ? lower : split == hi ? upper : midpoint(e[split - 1], e[split]);
      }
    }
    for (int i = bestSplit; i < hi; i++) {
      relabel(i, k, truth, labels, confusion);
    }
    boolean moved = bestCut != cuts[k - 1];
    cuts[k - 1] = bestCut;
    return moved;
  }

  /** A cut strictly above {@code below} and at most {@code above}, so it separates them. */
  private static double midpoint(double below, double above) {
    double mid = below + (above - below) / 2;
    return mid > below ? mid : above;
  }

  private static void relabel(int i, int grade, int[] truth, int[] labels, long[][] confusion) {
    confusion[truth[i]][labels[i]]--;
    labels[i] = grade;
    confusion[truth[i]][grade]++;
  }

  private static int firstAtLeast(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double kappaOrMinusInfinity(long[][] confusion) {
    MetricValue kappa = QuadraticWeightedKappa.of(confusion);
    return kappa.defined() ? kappa.value() : Double.NEGATIVE_INFINITY;
  }
}
