package org.drgrade.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.drgrade.engine.Minibatch;
import org.drgrade.gpu.Backends;

/**
 * The executor side of one training epoch: rows (image, level, png) of a partition become
 * minibatches of freshly augmented crops (random crop + flips per image and epoch, standardised).
 * The order within the partition is reshuffled every epoch; pixels are decoded batch by batch, so a
 * partition never holds more than one minibatch of float images.
 */
final class EpochBatches implements FlatMapFunction<Iterator<Row>, Minibatch> {
  private static final long serialVersionUID = 1L;

  private final Augmenter augmenter;
  private final int sourceSize;
  private final int batchSize;
  private final int epoch;
  private final long seed;

  EpochBatches(Augmenter augmenter, int sourceSize, int batchSize, int epoch, long seed) {
    this.augmenter = augmenter;
    this.sourceSize = sourceSize;
    this.batchSize = batchSize;
    this.epoch = epoch;
    this.seed = seed;
  }

  @Override
  public Iterator<Minibatch> call(Iterator<Row> rows) {
    Backends
        .checkAtStart(); // once per executor JVM: a GPU the build has no kernels for fails the task
    // with one line
    List<Row> all = new ArrayList<>();
    rows.forEachRemaining(all::add); // PNG bytes only; the floats are made per batch below
    all.sort((a, b) -> a.<String>getAs("image").compareTo(b.getAs("image")));
    Collections.shuffle(all, new Random(seed * 1_000_003L + epoch));
    // A last minibatch of one image is left out of this epoch (another image each epoch, since the
    // order is reshuffled): batch norm cannot normalise over one image, and libtorch refuses it.
    int usable = all.size() % batchSize == 1 ? all.size() - 1 : all.size();
    return new Iterator<>() {
      private int next = 0;

      @Override
      public boolean hasNext() {
        return next < usable;
      }

      @Override
      public Minibatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(usable, next + batchSize);
        List<float[]> images = new ArrayList<>(end - next);
        int[] grades = new int[end - next];
        for (int i = next; i < end; i++) {
          Row r = all.get(i);
          String image = r.getAs("image");
          images.add(
              augmenter.random(PngPixels.chw(r.getAs("png"), sourceSize), imageKey(image), epoch));
          grades[i - next] = r.<Integer>getAs("level");
        }
        next = end;
        return Minibatch.of(images, grades, 3, augmenter.cropSize());
      }
    };
  }

  static long imageKey(String image) {
    long h = 1125899906842597L;
    for (int i = 0; i < image.length(); i++) {
      h = 31 * h + image.charAt(i);
    }
    return h;
  }
}
