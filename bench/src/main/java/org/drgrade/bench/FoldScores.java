package org.drgrade.bench;

import org.drgrade.grading.DecisionBaselines;
import org.drgrade.grading.ExactKappaLabeller;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.GradeDistributions;
import org.drgrade.grading.LogLoss;
import org.drgrade.grading.MetricValue;
import org.drgrade.grading.ReferableRocAuc;

/**
 * How well one trained model grades its held-out fold: kappa of the argmax grade and of the exact
 * expected-kappa rule (what decide submits), referable-DR ROC AUC from P(grade >= 2), and the
 * log-loss beside the log-loss of always answering the training fold's class prior (a model at that
 * figure has learnt nothing but the prior). Undefined figures are null.
 */
public record FoldScores(
    int images,
    Double kappaArgmax,
    Double kappaExactRule,
    Double referableAuc,
    Double accuracy,
    double logLoss,
    double priorLogLoss) {

  /**
   * @param p one 5-class distribution per validation image
   * @param truth the images' grades
   * @param trainPrior the training images' grade frequencies (sums to 1)
   */
  public static FoldScores of(double[][] p, int[] truth, double[] trainPrior) {
    GradeDistributions.requireValid(p);
    int[] argmax = DecisionBaselines.argmax(p);
    int[] exact = ExactKappaLabeller.label(p).labels();
    double[] referable = new double[p.length];
    double[][] prior = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      referable[i] = GradeDistributions.referableProbability(p[i]);
      prior[i] = trainPrior;
    }
    GradeAgreement byArgmax = GradeAgreement.of(truth, argmax);
    return new FoldScores(
        p.length,
        orNull(byArgmax.kappa()),
        orNull(GradeAgreement.of(truth, exact).kappa()),
        orNull(ReferableRocAuc.of(referable, truth)),
        orNull(byArgmax.accuracy()),
        LogLoss.mean(p, truth),
        LogLoss.mean(prior, truth));
  }

  /**
   * Grade frequencies of a set of grades, add-one smoothed (a grade absent from training would
   * otherwise cost -ln 1e-15 per image): the prior a model that learnt nothing would answer.
   */
  public static double[] prior(int[] grades) {
    double[] f = new double[5];
    for (int g : grades) {
      f[g]++;
    }
    for (int k = 0; k < f.length; k++) {
      f[k] = (f[k] + 1) / (grades.length + f.length);
    }
    return f;
  }

  private static Double orNull(MetricValue v) {
    return v.defined() ? v.value() : null;
  }
}
