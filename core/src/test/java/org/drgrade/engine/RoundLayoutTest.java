package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Each round holds exactly its own minibatches of every worker, in the worker's order. */
class RoundLayoutTest {
  private static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
  }

  @Test
  void roundRHoldsEachWorkersMinibatchesFromRTimesFOnwardAndNothingElse() {
    int[] counts = {5, 3, 0};
    // Worker w's j-th minibatch is the number 100 w + j.
    JavaRDD<Integer> batches =
        sc().parallelize(List.of(0, 1, 2), 3)
            .mapPartitionsWithIndex(
                (w, it) -> IntStream.range(0, counts[w]).map(j -> 100 * w + j).boxed().iterator(),
                true);
    RoundLayout<Integer> layout = RoundLayout.of(batches, List.of(5, 3, 0), 2);

    assertEquals(3, layout.rounds(), "ceil(5 / 2)");
    List<Integer> everything = new ArrayList<>();
    for (int r = 0; r < layout.rounds(); r++) {
      JavaRDD<Integer> round = layout.round(r);
      assertEquals(3, round.getNumPartitions(), "a round's job has one task per worker");
      List<List<Integer>> byWorker = round.glom().collect();
      for (int w = 0; w < 3; w++) {
        List<Integer> expected = new ArrayList<>();
        for (int j = 2 * r; j < Math.min(counts[w], 2 * r + 2); j++) {
          expected.add(100 * w + j);
        }
        assertEquals(expected, byWorker.get(w), "round " + r + ", worker " + w);
        everything.addAll(byWorker.get(w));
      }
    }
    assertEquals(8, everything.size(), "every minibatch once");
  }

  @Test
  void slotsSortByRoundThenWorkerThenPlace() {
    assertEquals(0, RoundLayout.slot(0, 0, 3, 2));
    assertEquals(1, RoundLayout.slot(0, 1, 3, 2));
    assertEquals(2, RoundLayout.slot(1, 0, 3, 2));
    assertEquals(6, RoundLayout.slot(0, 2, 3, 2));
    assertEquals(11, RoundLayout.slot(2, 3, 3, 2));
  }
}
