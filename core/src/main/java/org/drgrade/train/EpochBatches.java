package org.drgrade.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.drgrade.engine.BatchDecoder;
import org.drgrade.engine.Minibatch;
import org.drgrade.model.Augmenter;
import org.drgrade.model.PngPixels;

/**
 * The executor side of one training epoch's plan: rows (image, level, png) of a partition become
 * this worker's minibatches, still encoded: each image's PNG bytes and the key of its random view
 * (crop and flips, drawn per image, copy and epoch). The order within the partition is reshuffled
 * every epoch. {@link Decoder} turns one into freshly augmented, standardised crops just before its
 * fit, so the epoch's data stays compact (a PNG's bytes, not four per value) until then.
 */
final class EpochBatches implements FlatMapFunction<Iterator<Row>, EpochBatches.Encoded> {
  private static final long serialVersionUID = 1L;

  private final Augmenter augmenter;
  private final int sourceSize;
  private final int batchSize;
  private final int epoch;
  private final long seed;
  private final double[] drawsPerGrade;

  /**
   * @param drawsPerGrade expected draws of each image of grade g this epoch ({@link
   *     ClassBalance#draws}); null = every image once, in the natural mix
   */
  EpochBatches(
      Augmenter augmenter,
      int sourceSize,
      int batchSize,
      int epoch,
      long seed,
      double[] drawsPerGrade) {
    this.augmenter = augmenter;
    this.sourceSize = sourceSize;
    this.batchSize = batchSize;
    this.epoch = epoch;
    this.seed = seed;
    this.drawsPerGrade = drawsPerGrade == null ? null : drawsPerGrade.clone();
  }

  @Override
  public Iterator<Encoded> call(Iterator<Row> rows) {
    List<Row> rowList = new ArrayList<>();
    rows.forEachRemaining(rowList::add); // PNG bytes only; the floats are made per batch below
    rowList.sort((a, b) -> a.<String>getAs("image").compareTo(b.getAs("image")));
    Random random = new Random(seed * 1_000_003L + epoch);
    List<Draw> all =
        new ArrayList<>(
            drawsPerGrade == null
                ? rowList.stream().map(r -> new Draw(r, 0)).toList()
                : resample(rowList, drawsPerGrade, random));
    Collections.shuffle(all, random);
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
      public Encoded next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(usable, next + batchSize);
        byte[][] pngs = new byte[end - next][];
        long[] keys = new long[end - next];
        int[] grades = new int[end - next];
        for (int i = next; i < end; i++) {
          Row r = all.get(i).row();
          pngs[i - next] = r.getAs("png");
          keys[i - next] = imageKey(r.getAs("image")) + all.get(i).copy() * 0x9E3779B97F4A7C15L;
          grades[i - next] = r.<Integer>getAs("level");
        }
        next = end;
        return new Encoded(pngs, grades, keys);
      }
    };
  }

  /** The decoder of this epoch's minibatches, for the trainer to run on the executors. */
  Decoder decoder() {
    return new Decoder(augmenter, sourceSize, epoch);
  }

  /**
   * One planned minibatch: its images' PNG bytes, grades and view keys. A class, not a record:
   * Spark's Kryo cannot build records.
   */
  static final class Encoded implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[][] pngs;
    private final int[] grades;
    private final long[] viewKeys;

    Encoded(byte[][] pngs, int[] grades, long[] viewKeys) {
      this.pngs = pngs;
      this.grades = grades;
      this.viewKeys = viewKeys;
    }

    int count() {
      return grades.length;
    }
  }

  /** Decodes, crops, flips and standardises an {@link Encoded} minibatch as its keys say. */
  record Decoder(Augmenter augmenter, int sourceSize, int epoch) implements BatchDecoder<Encoded> {
    @Override
    public Minibatch decode(Encoded b) {
      List<float[]> images = new ArrayList<>(b.pngs.length);
      for (int i = 0; i < b.pngs.length; i++) {
        images.add(augmenter.random(PngPixels.chw(b.pngs[i], sourceSize), b.viewKeys[i], epoch));
      }
      return Minibatch.of(images, b.grades, 3, augmenter.cropSize());
    }
  }

  /** One draw of an image in an epoch; the n-th copy of an image gets its own random view. */
  record Draw(Row row, int copy) {}

  /**
   * Each row drawn floor(d) or ceil(d) times, d its grade's expected draws, so the counts per grade
   * follow the target with the least variance.
   */
  static List<Draw> resample(List<Row> rows, double[] drawsPerGrade, Random random) {
    List<Draw> drawn = new ArrayList<>();
    for (Row r : rows) {
      double d = drawsPerGrade[r.<Integer>getAs("level")];
      int times = (int) Math.floor(d) + (random.nextDouble() < d - Math.floor(d) ? 1 : 0);
      for (int i = 0; i < times; i++) drawn.add(new Draw(r, i));
    }
    return drawn;
  }

  static long imageKey(String image) {
    long h = 1125899906842597L;
    for (int i = 0; i < image.length(); i++) {
      h = 31 * h + image.charAt(i);
    }
    return h;
  }
}
