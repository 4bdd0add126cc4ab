package org.drgrade.preprocess;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Least-squares circle through points (Kasa's algebraic fit).
 *
 * <p>Why a circle, not cv::fitEllipse: a fundus cut flat at top and bottom leaves only a left and a
 * right arc, and an ellipse through two opposite arcs is ill-conditioned (its vertical axis is
 * free; on EyePACS images fitEllipse returned discs 30 % too wide with a tiny residual). The disc
 * is a circle to within a few percent, and a circle is pinned down by any two opposite arcs.
 *
 * <p>Maths: a circle is x^2 + y^2 + D x + E y + F = 0. Minimising the sum over points of (x^2 + y^2
 * + D x + E y + F)^2 is linear least squares in (D, E, F): solve the 3x3 normal equations. Then
 * centre = (-D/2, -E/2), r^2 = cx^2 + cy^2 - F. Coordinates are shifted to their mean first so the
 * sums stay well-conditioned.
 */
final class CircleFit {

  private CircleFit() {}

  /**
   * {cx, cy, r} of the points xs[idx[k]], ys[idx[k]] for k < n; NaNs when degenerate (collinear).
   */
  static double[] fit(int[] xs, int[] ys, int[] idx, int n) {
    double mx = 0;
    double my = 0;
    for (int k = 0; k < n; k++) {
      mx += xs[idx[k]];
      my += ys[idx[k]];
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0, sxz = 0, syz = 0, sz = 0;
    for (int k = 0; k < n; k++) {
      double x = xs[idx[k]] - mx;
      double y = ys[idx[k]] - my;
      double z = x * x + y * y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
      sx += x;
      sy += y;
      sxz += x * z;
      syz += y * z;
      sz += z;
    }
    double[] def =
        solve3(
            new double[][] {{sxx, sxy, sx}, {sxy, syy, sy}, {sx, sy, n}},
            new double[] {-sxz, -syz, -sz});
    double cx = -def[0] / 2;
    double cy = -def[1] / 2;
    double r = Math.sqrt(cx * cx + cy * cy - def[2]);
    return new double[] {cx + mx, cy + my, r};
  }

  /**
   * The circle refitted {@code rounds} times to the {@code share} of the points that fit the
   * previous one best. A bay or a notch drags the plain fit off the true rim, so the points on the
   * rim itself miss it too; refitting on the inliers puts it back on the rim, where a residual
   * trimmed to the same share then measures how round the rim is.
   */
  static double[] fitInliers(int[] xs, int[] ys, int[] idx, int n, double share, int rounds) {
    double[] circle = fit(xs, ys, idx, n);
    int kept = Math.max(3, (int) Math.round(n * share));
    Integer[] order = new Integer[n];
    int[] inliers = new int[kept];
    for (int round = 0; round < rounds && kept < n && circle[2] > 1; round++) {
      double[] c = circle;
      for (int k = 0; k < n; k++) order[k] = idx[k];
      Arrays.sort(order, Comparator.comparingDouble(i -> miss(xs[i], ys[i], c)));
      for (int k = 0; k < kept; k++) inliers[k] = order[k];
      circle = fit(xs, ys, inliers, kept);
    }
    return circle;
  }

  private static double miss(int x, int y, double[] c) {
    return Math.abs(Math.hypot(x - c[0], y - c[1]) - c[2]);
  }

  /** Cramer's rule for a 3x3 system; NaNs when the matrix is singular. */
  private static double[] solve3(double[][] m, double[] b) {
    double det = det3(m);
    double[] x = new double[3];
    for (int col = 0; col < 3; col++) {
      double[][] replaced = {m[0].clone(), m[1].clone(), m[2].clone()};
      for (int row = 0; row < 3; row++) replaced[row][col] = b[row];
      x[col] = det == 0 ? Double.NaN : det3(replaced) / det;
    }
    return x;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
