package org.drgrade.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.drgrade.engine.Engine;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.model.Augmenter;

/**
 * The executor side of prediction: each partition loads the K networks once (from a broadcast of
 * their bytes) and runs the {@link EnsemblePredictor} per minibatch of images. For a
 * cross-validated model a row whose fold column is set (a labelled patient of the training run) is
 * predicted by that fold's networks only, so its prediction is out of fold; any other row by all.
 */
final class PredictTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Engine engine;
  private final Broadcast<List<byte[]>> models;
  private final List<Integer> networkFolds;
  private final List<Augmenter> augmenters;
  private final int sourceSize;
  private final PredictConfig.Views views;
  private final LongAccumulator done;

  PredictTask(
      Engine engine,
      Broadcast<List<byte[]>> models,
      List<Integer> networkFolds,
      List<Augmenter> augmenters,
      int sourceSize,
      PredictConfig.Views views,
      LongAccumulator done) {
    this.engine = engine;
    this.models = models;
    this.networkFolds = new ArrayList<>(networkFolds); // serialisable, unlike List.of's lists
    this.augmenters = new ArrayList<>(augmenters); // one per network, in the networks' order
    this.sourceSize = sourceSize;
    this.views = views;
    this.done = done;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<GradingNetwork> nets = models.value().stream().map(engine::read).toList();
    try {
      Map<Integer, EnsemblePredictor> byFold = new HashMap<>();
      byFold.put(ALL, new EnsemblePredictor(nets, augmenters, sourceSize, views.augmentations()));
      for (int i = 0; i < networkFolds.size(); i++) {
        int fold = networkFolds.get(i);
        if (!byFold.containsKey(fold)) {
          List<GradingNetwork> own = new ArrayList<>();
          List<Augmenter> ownViews = new ArrayList<>();
          for (int j = 0; j < nets.size(); j++) {
            if (networkFolds.get(j) == fold) {
              own.add(nets.get(j));
              ownViews.add(augmenters.get(j));
            }
          }
          byFold.put(fold, new EnsemblePredictor(own, ownViews, sourceSize, views.augmentations()));
        }
      }
      return predictAll(byFold, rows);
    } finally {
      nets.forEach(GradingNetwork::close);
    }
  }

  /** The key of the predictor over all networks. */
  private static final int ALL = -1;

  private Iterator<Row> predictAll(Map<Integer, EnsemblePredictor> byFold, Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>(views.batchSize());
    Boolean hasFold = null; // the partition's rows share one schema: looked up once
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (hasFold == null) {
        hasFold = List.of(batch.get(0).schema().fieldNames()).contains("fold");
      }
      if (batch.size() == views.batchSize() || !rows.hasNext()) {
        Map<Integer, List<Row>> groups = new TreeMap<>();
        for (Row r : batch) {
          groups.computeIfAbsent(foldOf(r, hasFold, byFold), f -> new ArrayList<>()).add(r);
        }
        for (var group : groups.entrySet()) {
          List<Row> g = group.getValue();
          double[][] p =
              byFold
                  .get(group.getKey())
                  .predict(
                      g.stream().map(r -> r.<byte[]>getAs("png")).toList(),
                      g.stream().map(r -> r.<String>getAs("image")).toList());
          for (int i = 0; i < g.size(); i++) {
            Row r = g.get(i);
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
        }
        done.add(batch.size());
        batch.clear();
      }
    }
    return out.iterator();
  }

  /** The row's fold when the model has networks for it, else {@link #ALL}. */
  private static int foldOf(Row r, boolean hasFold, Map<Integer, EnsemblePredictor> byFold) {
    if (byFold.size() == 1 || !hasFold) {
      return ALL;
    }
    Integer fold = r.getAs("fold");
    return fold != null && byFold.containsKey(fold) ? fold : ALL;
  }
}
