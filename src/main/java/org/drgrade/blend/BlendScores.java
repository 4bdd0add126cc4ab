package org.drgrade.blend;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.drgrade.decide.DecisionBaselines;
import org.drgrade.decide.ExactKappaLabeller;
import org.drgrade.metrics.GradeAgreement;
import org.drgrade.metrics.MetricValue;

/**
 * How well a set of per-eye distributions grades the eyes whose truth is known.
 * {@code exactKappa} scores the labels the pipeline submits (the exact expected-kappa
 * optimiser run over all graded eyes together); {@code argmaxKappa} the most probable grade;
 * {@code logLoss} is the mean -ln p[true grade], clipped like Kaggle's at 1e-15.
 */
public record BlendScores(MetricValue exactKappa, MetricValue argmaxKappa, double logLoss, int eyes)
        implements Serializable {
    private static final double MIN_PROBABILITY = 1e-15;

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
        double loss = 0;
        for (int n = 0; n < truth.length; n++) {
            loss -= Math.log(Math.max(p[n][truth[n]], MIN_PROBABILITY));
        }
        return new BlendScores(exact, argmax, loss / truth.length, truth.length);
    }

    /** True when this is strictly better: higher exact kappa (undefined lowest), then lower log-loss. */
    boolean betterThan(BlendScores other) {
        double mine = exactKappa.defined() ? exactKappa.value() : Double.NEGATIVE_INFINITY;
        double theirs = other.exactKappa.defined() ? other.exactKappa.value() : Double.NEGATIVE_INFINITY;
        return mine != theirs ? mine > theirs : logLoss < other.logLoss;
    }
}
