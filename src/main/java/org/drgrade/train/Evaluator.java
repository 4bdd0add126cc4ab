package org.drgrade.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validation on the executors: the model travels as a broadcast of its bytes, each partition scores
 * the centre crops of its images and returns one mergeable {@link EvaluationState}; the driver only
 * merges small states (5x5 counts and a log-loss sum).
 */
final class Evaluator {
  private Evaluator() {}

  static EvaluationState evaluate(
      JavaSparkContext sc,
      JavaRDD<Row> rows,
      MultiLayerNetwork net,
      Augmenter augmenter,
      int sourceSize,
      int batchSize) {
    Broadcast<byte[]> model = sc.broadcast(Checkpoints.toBytes(net));
    try {
      return rows.mapPartitions(
              (Iterator<Row> it) -> {
                MultiLayerNetwork local = Checkpoints.fromBytes(model.value());
                EvaluationState state = new EvaluationState();
                List<float[]> images = new ArrayList<>();
                List<Integer> grades = new ArrayList<>();
                while (it.hasNext()) {
                  Row r = it.next();
                  images.add(augmenter.center(PngPixels.chw(r.getAs("png"), sourceSize)));
                  grades.add(r.getAs("level"));
                  if (images.size() == batchSize || !it.hasNext()) {
                    INDArray probs =
                        local.output(Batches.features(images, 3, augmenter.cropSize()), false);
                    float[][] p = probs.toFloatMatrix();
                    for (int n = 0; n < p.length; n++) {
                      state.add(p[n], grades.get(n));
                    }
                    images.clear();
                    grades.clear();
                  }
                }
                return List.of(state).iterator();
              })
          .reduce(EvaluationState::merge);
    } finally {
      model.destroy();
    }
  }
}
