package org.drgrade.blend;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.drgrade.grading.DecisionBaselines;
import org.drgrade.grading.ExactKappaLabeller;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.LogLoss;
import org.drgrade.grading.MetricValue;

/**
 * How well a set of per-eye distributions grades the eyes whose truth is known. {@code exactKappa}
 * scores the labels the pipeline submits (the exact expected-kappa optimiser run over all graded
 * eyes together); {@code argmaxKappa} the most probable grade; {@code logLoss} is the mean -ln
 * p[true grade], clipped like Kaggle's at 1e-15.
 */
public record BlendScores(MetricValue exactKappa, MetricValue argmaxKappa, double logLoss, int eyes)
    implements Serializable {

  public static BlendScores of(List<EyePair> pairs) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> grades = new ArrayList<>();
    for (EyePair pair : pairs) {
      if (pair.leftGrade() != null) {
        rows.add(pair.left());
        grades.add(pair.leftGrade());
      }
      if (pair.rightGrade() != null) {
        rows.add(pair.right());
        grades.add(pair.rightGrade());
      }
    }
    double[][] p = rows.toArray(new double[0][]);
    int[] truth = grades.stream().mapToInt(Integer::intValue).toArray();
    if (truth.length == 0) {
      MetricValue none = MetricValue.undefined("no graded eyes");
      return new BlendScores(none, none, Double.NaN, 0);
    }
    MetricValue exact = GradeAgreement.of(truth, ExactKappaLabeller.label(p).labels()).kappa();
    MetricValue argmax = GradeAgreement.of(truth, DecisionBaselines.argmax(p)).kappa();
    return new BlendScores(exact, argmax, LogLoss.mean(p, truth), truth.length);
  }

  /**
   * True when this is strictly better: higher exact kappa (undefined lowest), then lower log-loss.
   */
  boolean betterThan(BlendScores other) {
    double mine = exactKappa.defined() ? exactKappa.value() : Double.NEGATIVE_INFINITY;
    double theirs =
        other.exactKappa.defined() ? other.exactKappa.value() : Double.NEGATIVE_INFINITY;
    return mine != theirs ? mine > theirs : logLoss < other.logLoss;
  }
}
