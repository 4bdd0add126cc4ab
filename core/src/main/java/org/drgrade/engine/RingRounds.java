package org.drgrade.engine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One worker's epoch under {@link AllreduceTrainer}: rounds of f fits, each followed by an
 * all-reduce of the worker's state (parameters, then optimiser state) and four numbers of its own
 * (see {@link Tally}), after which every worker holds the mean over the workers that fitted.
 *
 * <p>Synchronous (train.averaging = allreduce): a worker waits for its round's all-reduce before
 * the next fit, as parameter averaging does on one machine.
 *
 * <p>Overlapped (allreduce-overlap): the all-reduce of round k runs on a thread of its own while
 * the worker fits round k + 1 from where it stood; then the worker takes round k's mean plus its
 * own progress since: {@code x = mean_k + (x - snapshot_k)}, momentum included. Each round's
 * progress is still averaged exactly once, one round late, and the exchange (wire, latency, the
 * ring's own copies and sums) leaves the fits' path whenever it is shorter than a round's fits: on
 * a GPU executor the host's cores are idle while the GPU fits. What stays on the path is copying
 * the state out of and into the engine and the correction. The same delay as Overlap Local-SGD
 * (Wang, Liang and Joshi 2020) without its anchor. An epoch ends with every worker on the same
 * state: the last all-reduce is of a round in which no one fitted.
 */
final class RingRounds {
  /** Numbers each worker adds to a round's all-reduce after the state. */
  static final int SLOTS = 4;

  private final GradingNetwork local;
  private final RingAllreduce allreduce;
  private final int frequency;
  private final int rank;
  private final int workers;
  private final int state;

  /** The state, then each worker's slots: summed in place by the ring. */
  private final float[] ring;

  /** Overlapped: the state the running all-reduce started from, and the state being corrected. */
  private float[] snapshot;

  private float[] live;
  private final ExecutorService background;

  private final AllreduceTrainer.WorkerEnd end = new AllreduceTrainer.WorkerEnd();
  private long copyNanos;

  RingRounds(
      GradingNetwork local, RingAllreduce allreduce, int frequency, boolean overlap, int rank) {
    this.local = local;
    this.allreduce = allreduce;
    this.frequency = frequency;
    this.rank = rank;
    this.workers = allreduce.workers();
    this.state = local.parameters().length + local.updaterState().length;
    this.ring = new float[state + SLOTS * workers];
    this.snapshot = overlap ? new float[state] : null;
    this.live = overlap ? new float[state] : null;
    this.background =
        overlap
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "drgrade-ring-overlap");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** What one round's all-reduce says about all workers, from the summed slots. */
  record Tally(int fitted, int most, boolean more, long slowestFitMs, long slowestWaitMs) {
    static Tally of(float[] sum, int state, int workers) {
      int fitted = 0;
      int most = 0;
      boolean more = false;
      long slowest = 0;
      long slowestWait = 0;
      for (int w = 0; w < workers; w++) {
        int slot = state + SLOTS * w;
        int count = Math.round(sum[slot]);
        fitted += count > 0 ? 1 : 0;
        most = Math.max(most, count);
        more |= sum[slot + 1] > 0;
        if (Math.round(sum[slot + 2]) >= slowest) {
          slowest = Math.round(sum[slot + 2]);
          slowestWait = Math.round(sum[slot + 3]);
        }
      }
      return new Tally(fitted, most, more, slowest, slowestWait);
    }
  }

  <B> AllreduceTrainer.WorkerEnd run(Iterator<B> batches, DecodeAhead<B> decoding)
      throws Exception {
    // The first read computes the worker's partition: its cached rows and the epoch's plan.
    long read0 = System.currentTimeMillis();
    Future<Minibatch> next = decoding.next(batches);
    end.readMs = System.currentTimeMillis() - read0;
    long synced = local.iterations(); // the iterations of the last mean taken
    Future<?> pending = null;
    long roundsStart = System.currentTimeMillis();
    try {
      while (true) {
        int count = 0;
        long waited = 0;
        long fitStart = System.currentTimeMillis();
        while (count < frequency && next != null) {
          long w0 = System.currentTimeMillis();
          Minibatch b = DecodeAhead.take(next);
          waited += System.currentTimeMillis() - w0;
          next = decoding.next(batches);
          end.lossSum += local.fit(b);
          count++;
        }
        long fitMs = System.currentTimeMillis() - fitStart;
        end.batches += count;
        if (background == null) {
          fill(count, next != null, fitMs, waited);
          allreduce.sum(ring);
          Tally t = Tally.of(ring, state, workers);
          if (t.fitted() > 0) {
            long c0 = System.nanoTime();
            for (int i = 0; i < state; i++) {
              ring[i] /= t.fitted();
            }
            local.setState(ring);
            copyNanos += System.nanoTime() - c0;
            synced += t.most();
            local.setIterations(synced);
            end.rounds++;
          }
          account(t);
          if (!t.more()) {
            break;
          }
          continue;
        }
        long c0 = System.nanoTime();
        local.copyState(live);
        copyNanos += System.nanoTime() - c0;
        if (pending != null) {
          waitFor(pending);
          Tally t = Tally.of(ring, state, workers);
          if (t.fitted() > 0) {
            long c1 = System.nanoTime();
            for (int i = 0; i < state; i++) {
              live[i] += ring[i] / t.fitted() - snapshot[i];
            }
            local.setState(live);
            copyNanos += System.nanoTime() - c1;
            synced += t.most();
            end.rounds++;
          }
          local.setIterations(synced + count);
          account(t);
          if (!t.more()) {
            if (count > 0) {
              throw new IllegalStateException(
                  "worker " + rank + " fitted after every worker had said it was done");
            }
            break;
          }
        }
        float[] used = snapshot; // the state as it now is becomes the next snapshot
        snapshot = live;
        live = used;
        fill(count, next != null, fitMs, waited);
        pending = background.submit(() -> allreduce.sum(ring));
      }
    } finally {
      if (background != null) {
        background.shutdownNow();
      }
    }
    // The rounds' time past their slowest fits: copies, exchanges and waiting on the ring. Over the
    // epoch, not per round: overlapped, a wait for a slower worker's round falls in the next round.
    end.exchangeMs = Math.max(0, System.currentTimeMillis() - roundsStart - end.slowestFitMs);
    end.copyNanos = copyNanos;
    // The workers are in step after the last all-reduce: these take no wait for anyone.
    end.ringLatencyNanos = median(() -> allreduce.sum(new float[workers]));
    end.ringExchangeNanos = median(() -> allreduce.sum(ring));
    if (rank == 0) {
      end.parameters = local.parameters();
      end.updater = local.updaterState();
      end.iterations = local.iterations();
    }
    return end;
  }

  /** The ring's input: this worker's state (or zeros: one that fitted nothing adds nothing). */
  private void fill(int count, boolean more, long fitMs, long waited) {
    if (count > 0) {
      long c0 = System.nanoTime();
      if (snapshot != null) {
        System.arraycopy(snapshot, 0, ring, 0, state);
      } else {
        local.copyState(ring);
      }
      copyNanos += System.nanoTime() - c0;
    } else {
      Arrays.fill(ring, 0, state, 0f);
    }
    Arrays.fill(ring, state, ring.length, 0f);
    int own = state + SLOTS * rank;
    ring[own] = count;
    ring[own + 1] = more ? 1 : 0;
    ring[own + 2] = fitMs;
    ring[own + 3] = waited;
  }

  private void account(Tally t) {
    end.slowestFitMs += t.slowestFitMs();
    end.slowestDecodeWaitMs += t.slowestWaitMs();
  }

  /** All-reduces timed at each epoch's end for {@link RoundTimes}. */
  private static final int PROBES = 5;

  /** The median time of a few all-reduces (every worker runs the same ones, in step). */
  private static long median(Runnable allreduce) {
    long[] nanos = new long[PROBES];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      allreduce.run();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos[nanos.length / 2];
  }

  private static void waitFor(Future<?> pending) throws Exception {
    try {
      pending.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
