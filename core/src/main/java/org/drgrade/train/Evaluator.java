package org.drgrade.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.Minibatch;
import org.drgrade.grading.EvaluationState;
import org.drgrade.model.Augmenter;
import org.drgrade.model.PngPixels;

/**
 * Validation on the executors: the network travels as a broadcast of its checkpoint bytes, each
 * partition scores the centre crops of its images and returns one mergeable {@link
 * EvaluationState}; the driver only merges small states (5x5 counts and a log-loss sum).
 */
final class Evaluator {
  private Evaluator() {}

  static EvaluationState evaluate(
      JavaSparkContext sc,
      JavaRDD<Row> rows,
      GradingNetwork net,
      Augmenter augmenter,
      int sourceSize,
      int batchSize,
      int threads) {
    Engine engine = net.engine();
    Broadcast<byte[]> model = sc.broadcast(net.toBytes());
    try {
      return rows.mapPartitions(
              (Iterator<Row> it) -> {
                engine.useThreads(threads);
                EvaluationState state = new EvaluationState();
                try (GradingNetwork local = engine.read(model.value())) {
                  List<float[]> images = new ArrayList<>();
                  List<Integer> grades = new ArrayList<>();
                  while (it.hasNext()) {
                    Row r = it.next();
                    images.add(augmenter.center(PngPixels.chw(r.getAs("png"), sourceSize)));
                    grades.add(r.getAs("level"));
                    if (images.size() == batchSize || !it.hasNext()) {
                      float[][] p =
                          local.predict(Minibatch.of(images, null, 3, augmenter.cropSize()));
                      for (int n = 0; n < p.length; n++) {
                        state.add(p[n], grades.get(n));
                      }
                      images.clear();
                      grades.clear();
                    }
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
