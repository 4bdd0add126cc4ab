package org.drgrade.engine;

import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A worker's decode thread, for both trainers: the next minibatch is decoded and augmented on it
 * while the engine fits the current one (on a GPU the fit leaves the CPU free; on a CPU the two
 * share the task's cores). Spark's iterator is read on the task's thread only (its shuffle reader
 * keeps task state), so the thread gets each encoded minibatch, never the iterator.
 */
final class DecodeAhead<B> implements AutoCloseable {
  private final BatchDecoder<B> decoder;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "drgrade-decode");
            t.setDaemon(true);
            return t;
          });

  DecodeAhead(BatchDecoder<B> decoder) {
    this.decoder = decoder;
  }

  /** Starts decoding the iterator's next minibatch; null when it has none. */
  Future<Minibatch> next(Iterator<B> batches) {
    if (!batches.hasNext()) {
      return null;
    }
    B b = batches.next();
    return thread.submit(() -> decoder.decode(b));
  }

  /** The decoded minibatch, or the decoder's own exception. */
  static Minibatch take(Future<Minibatch> decoded) throws Exception {
    try {
      return decoded.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
