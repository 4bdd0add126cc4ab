package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The ring all-reduce over real sockets on loopback, W workers as threads: every worker ends with
 * the element-wise sum of all workers' vectors, for ring sizes 1 to 5 and vector lengths that do
 * and do not divide into W chunks (a chunk may be empty), over several rounds on the same ring.
 */
class RingAllreduceTest {
  @Test
  void everyWorkerEndsWithTheSumOfAll() throws Exception {
    for (int workers = 1; workers <= 5; workers++) {
      for (int length : new int[] {1, 3, 1000, 250_003}) {
        check(workers, length, 3);
      }
    }
  }

  private static void check(int workers, int length, int rounds) throws Exception {
    Random random = new Random(workers * 31L + length);
    float[][][] values = new float[rounds][workers][length];
    double[][] expected = new double[rounds][length];
    for (int r = 0; r < rounds; r++) {
      for (int w = 0; w < workers; w++) {
        for (int i = 0; i < length; i++) {
          // Small integers: their float sums are exact in any order.
          values[r][w][i] = random.nextInt(2001) - 1000;
          expected[r][i] += values[r][w][i];
        }
      }
    }
    List<ServerSocket> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      ServerSocket s = RingAllreduce.listen();
      servers.add(s);
      addresses.add("127.0.0.1:" + s.getLocalPort());
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int rank = w;
        done.add(
            pool.submit(
                () -> {
                  try (RingAllreduce ring =
                      RingAllreduce.join(servers.get(rank), addresses, rank)) {
                    assertEquals(workers, ring.workers());
                    for (int r = 0; r < rounds; r++) {
                      ring.sum(values[r][rank]);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int r = 0; r < rounds; r++) {
      float[] sum = new float[length];
      for (int i = 0; i < length; i++) {
        sum[i] = (float) expected[r][i];
      }
      for (int w = 0; w < workers; w++) {
        assertArrayEquals(
            sum,
            values[r][w],
            "W = " + workers + ", length " + length + ", round " + r + ", worker " + w);
      }
    }
  }
}
