package org.drgrade.decide;

import java.util.SplittableRandom;

/** Random grade distributions for tests: softmax of Gaussian logits, sharper = more peaked. */
final class RandomDistributions {
    private RandomDistributions() {
    }

    static double[][] rows(int n, double sharpness, SplittableRandom random) {
        double[][] p = new double[n][5];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < 5; k++) {
                p[i][k] = Math.exp(sharpness * random.nextGaussian());
                sum += p[i][k];
            }
            for (int k = 0; k < 5; k++) {
                p[i][k] /= sum;
            }
        }
        return p;
    }

    static double[][] oneHot(int[] grades) {
        double[][] p = new double[grades.length][5];
        for (int i = 0; i < grades.length; i++) {
            p[i][grades[i]] = 1;
        }
        return p;
    }
}
