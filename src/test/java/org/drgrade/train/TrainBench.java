package org.drgrade.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward (inference) and training throughput of the grading network in one JVM on random
 * data, at the reference 448 px (batch 8) and at 112 px (the crop of a 128 px image,
 * batch 16). One warm-up batch, then the mean over the timed batches. Prints JSON.
 * Run (the helpers flag is what makes DL4J use oneDNN):
 * java -Dorg.eclipse.deeplearning4j.helpers.disable=false -cp target/classes:target/test-classes:$(cat target/classpath.txt) org.drgrade.train.TrainBench
 */
public final class TrainBench {
    private TrainBench() {}

    private record Case(int input, int batch, int timedBatches) {}

    public static void main(String[] args) {
        List<String> results = new ArrayList<>();
        for (Case c : List.of(new Case(448, 8, 3), new Case(112, 16, 6))) {
            results.add(run(c));
        }
        System.out.printf(Locale.ROOT, "{%n  \"helpers\": %s,%n  \"cores\": %d,%n  \"results\": [%n    %s%n  ]%n}%n",
                !Boolean.parseBoolean(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true")),
                Runtime.getRuntime().availableProcessors(), String.join(",\n    ", results));
    }

    private static String run(Case c) {
        NetworkSpec spec = NetworkSpec.reference().withInputSize(c.input());
        MultiLayerNetwork net = NetworkFactory.build(spec);
        boolean oneDnn = ((ConvolutionLayer) net.getLayer(0)).getHelper() != null;
        INDArray features = Nd4j.rand(DataType.FLOAT, c.batch(), 3, c.input(), c.input());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, c.batch(), NetworkSpec.CLASSES);
        for (int n = 0; n < c.batch(); n++) {
            labels.putScalar(n, n % NetworkSpec.CLASSES, 1f);
        }
        DataSet batch = new DataSet(features, labels);

        net.output(features, false);
        long start = System.nanoTime();
        for (int i = 0; i < c.timedBatches(); i++) {
            net.output(features, false);
        }
        double forward = c.batch() * c.timedBatches() / ((System.nanoTime() - start) / 1e9);

        net.fit(batch);
        start = System.nanoTime();
        for (int i = 0; i < c.timedBatches(); i++) {
            net.fit(batch);
        }
        double train = c.batch() * c.timedBatches() / ((System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT,
                "{\"input\": %d, \"batch\": %d, \"timed_batches\": %d, \"onednn_conv\": %s,"
                        + " \"forward_images_per_s\": %.2f, \"train_images_per_s\": %.2f}",
                c.input(), c.batch(), c.timedBatches(), oneDnn, forward, train);
    }
}
