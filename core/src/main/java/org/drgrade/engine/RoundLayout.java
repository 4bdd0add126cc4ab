package org.drgrade.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * An epoch's minibatches laid out by averaging round: worker w's j-th minibatch goes to partition
 * {@code (j / f) * workers + w} (f the averaging frequency), in order. One shuffle per epoch moves
 * the (compact) minibatches there; round r then runs a job over its own {@code workers} partitions
 * alone, so each round reads only the minibatches it fits, once, and no round re-iterates a
 * worker's data from its start. The shuffle's reduce tasks prefer the executor that wrote their
 * data, so a worker's minibatches stay where they were planned.
 */
final class RoundLayout<B> {
  private final JavaRDD<B> laidOut;
  private final int workers;
  private final int rounds;

  private RoundLayout(JavaRDD<B> laidOut, int workers, int rounds) {
    this.laidOut = laidOut;
    this.workers = workers;
    this.rounds = rounds;
  }

  /**
   * @param batches one partition per worker, each in the order its worker fits them
   * @param perWorker minibatches in each partition (from a count of {@code batches})
   * @param frequency minibatches each worker fits per round
   */
  static <B> RoundLayout<B> of(JavaRDD<B> batches, List<Integer> perWorker, int frequency) {
    int workers = batches.getNumPartitions();
    int longest = perWorker.stream().mapToInt(Integer::intValue).max().orElse(0);
    int rounds = (longest + frequency - 1) / frequency;
    JavaPairRDD<Integer, B> slotted =
        batches
            .mapPartitionsWithIndex(
                (w, it) -> {
                  List<Tuple2<Integer, B>> out = new ArrayList<>();
                  for (int j = 0; it.hasNext(); j++) {
                    out.add(new Tuple2<>(slot(w, j, workers, frequency), it.next()));
                  }
                  return out.iterator();
                },
                false)
            .mapToPair(t -> t);
    JavaRDD<B> laidOut =
        slotted
            .repartitionAndSortWithinPartitions(
                new ByRound(Math.max(1, rounds * workers), frequency))
            .values();
    return new RoundLayout<>(laidOut, workers, rounds);
  }

  /** The sort key of worker w's j-th minibatch: its partition times f plus its place there. */
  static int slot(int w, int j, int workers, int frequency) {
    return ((j / frequency) * workers + w) * frequency + j % frequency;
  }

  int rounds() {
    return rounds;
  }

  int workers() {
    return workers;
  }

  /** Round r's minibatches: partitions [r * workers, (r + 1) * workers) of the layout. */
  JavaRDD<B> round(int r) {
    PartitionPruningRDD<B> pruned =
        PartitionPruningRDD.create(laidOut.rdd(), new InRound(r * workers, (r + 1) * workers));
    return JavaRDD.fromRDD(pruned, laidOut.classTag());
  }

  /** Slot k to partition k / f. */
  static final class ByRound extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int frequency;

    ByRound(int partitions, int frequency) {
      this.partitions = partitions;
      this.frequency = frequency;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key / frequency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByRound b && b.partitions == partitions && b.frequency == frequency;
    }

    @Override
    public int hashCode() {
      return partitions * 31 + frequency;
    }
  }

  /** Keeps partitions [from, to). A Scala function, as PartitionPruningRDD takes. */
  private static final class InRound extends AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;

    InRound(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Object apply(Object index) {
      int i = (Integer) index;
      return i >= from && i < to;
    }
  }

  static int count(Iterator<?> it) {
    int n = 0;
    for (; it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
