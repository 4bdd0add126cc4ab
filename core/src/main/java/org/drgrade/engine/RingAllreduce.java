package org.drgrade.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sums a float vector across W workers, every worker ending with the whole sum, over TCP between
 * the workers themselves: the ring all-reduce of Baidu's and Horovod's data-parallel training
 * (Patarasuk and Yuan 2009). The vector is cut into W chunks; in W - 1 steps of reduce-scatter each
 * worker sends one chunk to the next worker and adds the chunk it receives from the previous one,
 * after which worker r holds the full sum of chunk r + 1; W - 1 steps of all-gather then pass the
 * summed chunks round. Each worker sends and receives 2 (W - 1) / W of the vector in all, whatever
 * W is, and no one (not the driver) receives more: the cost that {@link AllreduceTrainer} pays per
 * averaging round instead of a Spark job. Sending runs on a thread of its own while the worker
 * reads, so neither side of a step waits on the other's socket buffers.
 */
final class RingAllreduce implements AutoCloseable {
  /**
   * How long a step waits for its neighbour before the task fails (a lost peer, not a slow fit).
   */
  static final int TIMEOUT_MS = 30 * 60 * 1000;

  private final int rank;
  private final int workers;
  private final Socket toNext;
  private final Socket fromPrevious;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final ExecutorService sender;
  private byte[] sendBytes = new byte[0];
  private byte[] receiveBytes = new byte[0];
  private float[] received = new float[0];

  private RingAllreduce(int rank, int workers, Socket toNext, Socket fromPrevious)
      throws IOException {
    this.rank = rank;
    this.workers = workers;
    this.toNext = toNext;
    this.fromPrevious = fromPrevious;
    this.out =
        toNext == null
            ? null
            : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
    this.in =
        fromPrevious == null
            ? null
            : new DataInputStream(new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16));
    this.sender =
        workers == 1
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "drgrade-ring-send");
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * A listening socket on an ephemeral port of every interface, opened before the addresses swap.
   */
  static ServerSocket listen() {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(0));
      server.setSoTimeout(TIMEOUT_MS);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a port for the all-reduce ring", e);
    }
  }

  /**
   * Joins the ring: connects to the next worker's address ({@code addresses} are "host:port" in
   * rank order, each worker's {@link #listen} socket), then accepts the previous worker's
   * connection on {@code server}. Every worker listens before any connects, so connecting never
   * waits on a peer; accepting waits only until the previous worker has connected.
   */
  static RingAllreduce join(ServerSocket server, List<String> addresses, int rank) {
    int workers = addresses.size();
    try (server) {
      if (workers == 1) {
        return new RingAllreduce(0, 1, null, null);
      }
      String next = addresses.get((rank + 1) % workers);
      int colon = next.lastIndexOf(':');
      Socket toNext = new Socket();
      toNext.setTcpNoDelay(true);
      toNext.setSendBufferSize(1 << 20);
      toNext.connect(
          new InetSocketAddress(
              next.substring(0, colon), Integer.parseInt(next.substring(colon + 1))),
          TIMEOUT_MS);
      Socket fromPrevious = server.accept();
      fromPrevious.setTcpNoDelay(true);
      fromPrevious.setReceiveBufferSize(1 << 20);
      fromPrevious.setSoTimeout(TIMEOUT_MS);
      return new RingAllreduce(rank, workers, toNext, fromPrevious);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "worker " + rank + " cannot join the all-reduce ring " + addresses, e);
    }
  }

  int workers() {
    return workers;
  }

  /** Replaces {@code values} with its sum over all workers (each worker calls this in step). */
  void sum(float[] values) {
    if (workers == 1) {
      return;
    }
    try {
      for (int s = 0; s < workers - 1; s++) { // reduce-scatter
        step(values, Math.floorMod(rank - s, workers), Math.floorMod(rank - s - 1, workers), true);
      }
      for (int s = 0; s < workers - 1; s++) { // all-gather
        step(values, Math.floorMod(rank - s + 1, workers), Math.floorMod(rank - s, workers), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("all-reduce ring broken at worker " + rank, e);
    }
  }

  /** Sends chunk {@code send} to the next worker while receiving chunk {@code receive}. */
  private void step(float[] values, int send, int receive, boolean add) throws IOException {
    int sendFrom = start(values.length, send);
    int sendLength = start(values.length, send + 1) - sendFrom;
    int receiveFrom = start(values.length, receive);
    int receiveLength = start(values.length, receive + 1) - receiveFrom;
    if (sendBytes.length < 4 * sendLength) {
      sendBytes = new byte[4 * sendLength];
    }
    if (receiveBytes.length < 4 * receiveLength) {
      receiveBytes = new byte[4 * receiveLength];
    }
    // Little-endian on the wire: the hosts' own order (x86, ARM), so the copies need no swap.
    ByteBuffer.wrap(sendBytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .put(values, sendFrom, sendLength);
    byte[] outgoing = sendBytes;
    Future<?> sent =
        sender.submit(
            () -> {
              out.write(outgoing, 0, 4 * sendLength);
              out.flush();
              return null;
            });
    in.readFully(receiveBytes, 0, 4 * receiveLength);
    var incoming =
        ByteBuffer.wrap(receiveBytes, 0, 4 * receiveLength)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    if (add) {
      if (received.length < receiveLength) {
        received = new float[receiveLength];
      }
      incoming.get(received, 0, receiveLength); // one bulk copy; the sum below is a plain loop
      for (int i = 0; i < receiveLength; i++) {
        values[receiveFrom + i] += received[i];
      }
    } else {
      incoming.get(values, receiveFrom, receiveLength);
    }
    try {
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to the next worker", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Where chunk {@code c} of {@code n} values starts (chunk W is the end). */
  private int start(int n, int c) {
    return (int) ((long) n * c / workers);
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.shutdownNow();
    }
    for (Socket s : new Socket[] {toNext, fromPrevious}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // closing a finished ring: nothing left to lose
        }
      }
    }
  }
}
