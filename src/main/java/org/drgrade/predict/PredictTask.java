package org.drgrade.predict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.train.Augmenter;

/**
 * The executor side of prediction: each partition loads the K networks once (from a broadcast of
 * their bytes) and runs the {@link EnsemblePredictor} per minibatch of images.
 */
final class PredictTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Engine engine;
  private final Broadcast<List<byte[]>> models;
  private final Augmenter augmenter;
  private final int sourceSize;
  private final PredictConfig.Views views;
  private final LongAccumulator done;

  PredictTask(
      Engine engine,
      Broadcast<List<byte[]>> models,
      Augmenter augmenter,
      int sourceSize,
      PredictConfig.Views views,
      LongAccumulator done) {
    this.engine = engine;
    this.models = models;
    this.augmenter = augmenter;
    this.sourceSize = sourceSize;
    this.views = views;
    this.done = done;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<GradingNetwork> nets = models.value().stream().map(engine::read).toList();
    try {
      return predictAll(
          new EnsemblePredictor(nets, augmenter, sourceSize, views.augmentations()), rows);
    } finally {
      nets.forEach(GradingNetwork::close);
    }
  }

  private Iterator<Row> predictAll(EnsemblePredictor predictor, Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>(views.batchSize());
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == views.batchSize() || !rows.hasNext()) {
        double[][] p =
            predictor.predict(
                batch.stream().map(r -> r.<byte[]>getAs("png")).toList(),
                batch.stream().map(r -> r.<String>getAs("image")).toList());
        for (int i = 0; i < batch.size(); i++) {
          Row r = batch.get(i);
          out.add(
              RowFactory.create(
                  r.getAs("image"),
                  r.getAs("patient"),
                  r.getAs("side"),
                  r.getAs("split"),
                  r.getAs("level"),
                  p[i][0],
                  p[i][1],
                  p[i][2],
                  p[i][3],
                  p[i][4]));
        }
        done.add(batch.size());
        batch.clear();
      }
    }
    return out.iterator();
  }
}
