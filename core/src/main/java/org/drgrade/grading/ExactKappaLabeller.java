package org.drgrade.grading;

import java.util.Arrays;

/**
 * Labels that maximise the expected-kappa proxy exactly (globally), by Dinkelbach's method.
 *
 * <h2>Separability</h2>
 *
 * h_true is fixed by P, so with a_n(c) = sum_k P[n][k] (c-k)^2 and b(c) = sum_j h_true[j] (c-j)^2,
 * TSE(y) = A(y) = sum_n a_n(y_n) and N * ESE(y) = B(y) = sum_n b(y_n). So proxy(y) = 1 - N A(y) /
 * B(y) = 1 - lambda(y) with lambda(y) = TSE/ESE = N A(y) / B(y): maximising the proxy is minimising
 * the ratio lambda over the 5^N labellings.
 *
 * <h2>When B > 0</h2>
 *
 * b(c) is a sum of non-negative terms and is 0 only if every h_true[j] with j != c is 0, i.e. all
 * probability mass of all images sits on grade c. If h_true has mass on two or more grades, b(c) >
 * 0 for every c and B(y) >= N min_c b(c) > 0 for every labelling: lambda is defined everywhere.
 * Otherwise (every row is the point mass on one grade g): a_n(c) = (c-g)^2 and b(c) = N (c-g)^2, so
 * lambda(y) = 1 (proxy 0) for every y except y = all g, where A = B = 0 and the proxy is undefined.
 * We return all g (zero expected error) with the proxy undefined.
 *
 * <h2>Dinkelbach</h2>
 *
 * Let F(lambda) = min_y [A(y) - (lambda/N) B(y)] = min_y [TSE(y) - lambda ESE(y)]. The objective is
 * a sum over images of a_n(y_n) - (lambda/N) b(y_n), each depending on y_n alone, so the minimiser
 * is found image by image (5 candidates each), O(5N). Start from any labelling y_0 and set lambda_0
 * = lambda(y_0); then y_{t+1} = argmin of F(lambda_t). (1) F(lambda_t) <= A(y_t) - (lambda_t/N)
 * B(y_t) = 0, since y_t is a candidate. (2) If F(lambda_t) < 0: A(y_{t+1}) < (lambda_t/N)
 * B(y_{t+1}) and B(y_{t+1}) > 0, so lambda_{t+1} < lambda_t: the ratio strictly decreases. (3) If
 * F(lambda_t) = 0: A(y) - (lambda_t/N) B(y) >= 0 for every y, i.e. lambda(y) >= lambda_t: lambda_t
 * is the global minimum, attained by y_t, and by y_{t+1} (it attains F = 0, so lambda(y_{t+1}) =
 * lambda_t). A strictly decreasing sequence of ratios never revisits a labelling, and there are
 * finitely many, so case (3) is reached; in practice after a handful of iterations (the method
 * converges superlinearly). We stop when lambda fails to decrease, which in exact arithmetic is
 * case (3). The loop still ends in floating point: computed ratios are a function of the labelling,
 * and continuing requires them to strictly decrease.
 *
 * <h2>The minimiser is a threshold rule on the expected grade</h2>
 *
 * For a row summing to 1, with e_n = sum_k k P[n][k] and s_n = sum_k k^2 P[n][k], a_n(c) = c^2 - 2c
 * e_n + s_n, and with H = sum_j h_true[j], M1 = sum_j j h_true[j], M2 = sum_j j^2 h_true[j], b(c) =
 * H c^2 - 2c M1 + M2. With mu = lambda/N: a_n(c) - mu b(c) = q(c) - 2c e_n + (s_n - mu M2), q(c) =
 * c^2 (1 - mu H) + 2c mu M1. The last term does not depend on c, so image n's label minimises g(c,
 * e_n) = q(c) - 2c e_n: the lower envelope of five lines in e with slopes -2c. For c < c', g(c', e)
 * - g(c, e) = q(c') - q(c) - 2(c'-c) e is strictly decreasing in e, so c' is (weakly) preferred to
 * c exactly when e >= x(c, c') = (q(c') - q(c)) / (2(c'-c)). Hence once a higher grade wins, it
 * keeps winning for all larger e: the argmin is non-decreasing in e_n, i.e. a threshold rule.
 * Breaking ties towards the higher grade, the label is >= k iff some c' >= k beats every c < k,
 * i.e. iff e >= t_k = min_{c' >= k} max_{c < k} x(c, c'), which are the {@link GradeCutPoints}
 * returned with the labels.
 *
 * <p>Closed form: rows sum to 1, so H = N and mu H = lambda = 1 - proxy. When the optimal proxy is
 * positive, q is strictly convex, every grade lies on the envelope, and t_k = x(k-1, k) = (k -
 * 1/2)(1 - mu H) + mu M1, i.e. t_k = proxy (k - 1/2) + (1 - proxy) mean(e): the rounding cut-points
 * shrunk towards the mean expected grade, by the optimal proxy itself.
 */
public final class ExactKappaLabeller {
  private ExactKappaLabeller() {}

  /** Labels, their proxy, the equivalent cut-points on e_n, and the Dinkelbach iterations used. */
  public record Result(int[] labels, MetricValue proxy, GradeCutPoints cutPoints, int iterations) {}

  /** Starts from the rounded expectation; any start gives the same optimum. */
  public static Result label(double[][] p) {
    return label(p, DecisionBaselines.roundedExpectation(p));
  }

  public static Result label(double[][] p, int[] startLabels) {
    GradeDistributions.requireValid(p);
    int n = p.length;
    if (startLabels.length != n) {
      throw new IllegalArgumentException(
          n + " distributions but " + startLabels.length + " start labels");
    }
    double[] hTrue = GradeDistributions.expectedTrueHistogram(p);
    double[] b = ExpectedKappaProxy.randomAnswerCosts(hTrue);
    int onlyGrade = singleGradeWithMass(hTrue);
    if (n == 0 || onlyGrade >= 0) {
      int[] labels = new int[n];
      Arrays.fill(labels, Math.max(onlyGrade, 0));
      return new Result(labels, ExpectedKappaProxy.of(p, labels), GradeCutPoints.rounding(), 0);
    }
    double[][] a = new double[n][Grades.COUNT];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < Grades.COUNT; c++) {
        a[i][c] = ExpectedKappaProxy.expectedSquaredError(p[i], c);
      }
    }
    double lambda = ratio(a, b, startLabels);
    int iterations = 0;
    while (true) {
      int[] labels = minimiser(a, b, lambda / n);
      double next = ratio(a, b, labels);
      iterations++;
      if (!(next < lambda)) {
        return new Result(
            labels, MetricValue.of(1 - next), cutPoints(hTrue, lambda / n), iterations);
      }
      lambda = next;
    }
  }

  /** lambda(y) = N A(y) / B(y) = TSE / ESE = 1 - proxy. */
  private static double ratio(double[][] a, double[] b, int[] labels) {
    double tse = 0;
    double nTimesEse = 0;
    for (int i = 0; i < labels.length; i++) {
      int c = Grades.requireValid(labels[i]);
      tse += a[i][c];
      nTimesEse += b[c];
    }
    return labels.length * tse / nTimesEse;
  }

  /** Per image, argmin_c a_n(c) - mu b(c); ties to the higher grade, as the cut-points assume. */
  private static int[] minimiser(double[][] a, double[] b, double mu) {
    int[] labels = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      int best = 0;
      double bestValue = a[i][0] - mu * b[0];
      for (int c = 1; c < Grades.COUNT; c++) {
        double value = a[i][c] - mu * b[c];
        if (value <= bestValue) {
          best = c;
          bestValue = value;
        }
      }
      labels[i] = best;
    }
    return labels;
  }

  /** t_k = min_{c' >= k} max_{c < k} x(c, c'), x(c, c') = (q(c') - q(c)) / (2 (c' - c)). */
  static GradeCutPoints cutPoints(double[] hTrue, double mu) {
    double h = 0;
    double m1 = 0;
    for (int j = 0; j < Grades.COUNT; j++) {
      h += hTrue[j];
      m1 += j * hTrue[j];
    }
    double[] q = new double[Grades.COUNT];
    for (int c = 0; c < Grades.COUNT; c++) {
      q[c] = c * c * (1 - mu * h) + 2 * c * mu * m1;
    }
    double[] cuts = new double[Grades.COUNT - 1];
    for (int k = 1; k < Grades.COUNT; k++) {
      double t = Double.POSITIVE_INFINITY;
      for (int higher = k; higher < Grades.COUNT; higher++) {
        double worstLower = Double.NEGATIVE_INFINITY;
        for (int lower = 0; lower < k; lower++) {
          worstLower = Math.max(worstLower, (q[higher] - q[lower]) / (2.0 * (higher - lower)));
        }
        t = Math.min(t, worstLower);
      }
      // Non-decreasing in exact arithmetic (proof above); the max only absorbs rounding.
      cuts[k - 1] = k > 1 ? Math.max(t, cuts[k - 2]) : t;
    }
    return new GradeCutPoints(cuts);
  }

  /** The one grade holding all of h_true, or -1 when two or more grades have mass. */
  private static int singleGradeWithMass(double[] hTrue) {
    int found = -1;
    for (int j = 0; j < Grades.COUNT; j++) {
      if (hTrue[j] > 0) {
        if (found >= 0) {
          return -1;
        }
        found = j;
      }
    }
    return found;
  }
}
