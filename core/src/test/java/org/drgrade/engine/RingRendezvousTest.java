package org.drgrade.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The driver's rendezvous over real sockets: every worker gets all addresses in rank order whatever
 * order they arrive in, and a retried stage's tasks (another attempt) meet among themselves even
 * while a worker of the failed attempt is still waiting.
 */
class RingRendezvousTest {
  @Test
  void workersGetEveryAddressInRankOrderPerStageAttempt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (RingRendezvous r = RingRendezvous.open("127.0.0.1", 3)) {
      // Attempt 0 never completes: only rank 1 of it arrives.
      Future<List<String>> stranded =
          pool.submit(() -> RingRendezvous.meet(r.address(), 0, 1, 3, "old:1"));
      Thread.sleep(100);
      Future<List<String>> two =
          pool.submit(() -> RingRendezvous.meet(r.address(), 1, 2, 3, "c:3"));
      Future<List<String>> zero =
          pool.submit(() -> RingRendezvous.meet(r.address(), 1, 0, 3, "a:1"));
      Future<List<String>> one =
          pool.submit(() -> RingRendezvous.meet(r.address(), 1, 1, 3, "b:2"));
      List<String> expected = List.of("a:1", "b:2", "c:3");
      assertEquals(expected, zero.get());
      assertEquals(expected, one.get());
      assertEquals(expected, two.get());
      assertEquals(false, stranded.isDone(), "attempt 0 is still incomplete");
    } finally {
      pool.shutdownNow();
    }
  }
}
