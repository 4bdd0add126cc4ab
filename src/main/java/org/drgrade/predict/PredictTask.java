package org.drgrade.predict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.train.Augmenter;
import org.drgrade.train.Batches;
import org.drgrade.train.Checkpoints;
import org.drgrade.train.PngPixels;

/**
 * The executor side of prediction: each partition loads the K checkpoint networks once (from a
 * broadcast of their bytes) and, per minibatch of images, averages the softmax outputs over T
 * augmented views (random crop + flips, seeded per image and view) and the K networks.
 */
final class PredictTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<List<byte[]>> models;
  private final Augmenter augmenter;
  private final int sourceSize;
  private final int augmentations;
  private final int batchSize;
  private final LongAccumulator done;

  PredictTask(Broadcast<List<byte[]>> models, Augmenter augmenter, int sourceSize, int augmentations, int batchSize,
      LongAccumulator done) {
    this.models = models;
    this.augmenter = augmenter;
    this.sourceSize = sourceSize;
    this.augmentations = augmentations;
    this.batchSize = batchSize;
    this.done = done;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<MultiLayerNetwork> nets = models.value().stream().map(Checkpoints::fromBytes).toList();
    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>(batchSize);
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize || !rows.hasNext()) {
        out.addAll(predict(nets, batch));
        done.add(batch.size());
        batch.clear();
      }
    }
    return out.iterator();
  }

  private List<Row> predict(List<MultiLayerNetwork> nets, List<Row> batch) {
    List<float[]> pixels = batch.stream().map(r -> PngPixels.chw(r.<byte[]>getAs("png"), sourceSize)).toList();
    double[][] sum = new double[batch.size()][5];
    for (int t = 0; t < augmentations; t++) {
      List<float[]> views = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        views.add(augmenter.random(pixels.get(i), imageKey(batch.get(i).getAs("image")), t));
      }
      var features = Batches.features(views, 3, augmenter.cropSize());
      for (MultiLayerNetwork net : nets) {
        float[][] p = net.output(features, false).toFloatMatrix();
        for (int i = 0; i < p.length; i++) {
          for (int k = 0; k < 5; k++) {
            sum[i][k] += p[i][k];
          }
        }
      }
    }
    double views = (double) augmentations * nets.size();
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      out.add(RowFactory.create(r.getAs("image"), r.getAs("patient"), r.getAs("side"), r.getAs("split"), r.getAs("level"),
          sum[i][0] / views, sum[i][1] / views, sum[i][2] / views, sum[i][3] / views, sum[i][4] / views));
    }
    return out;
  }

  /** A stable key per image name; a different seed stream from training's (views differ from epochs'). */
  static long imageKey(String image) {
    return image.hashCode() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }
}
