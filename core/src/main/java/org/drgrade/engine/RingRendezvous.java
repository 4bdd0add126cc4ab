package org.drgrade.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the ring's workers learn each other's addresses: a port on the driver, open for one epoch.
 * Each of the epoch's W tasks connects, says its rank, stage attempt and "host:port", and gets back
 * all W addresses in rank order once every rank of its attempt has come (a retried stage's tasks
 * meet among themselves). Spark's own {@code BarrierTaskContext.allGather} does the same through
 * the driver but waits in steps of a second (measured: 1.0 s per call on local[2] against 0.1 s for
 * the task launch), a second per epoch that a GPU epoch of a few seconds cannot spare.
 */
final class RingRendezvous implements AutoCloseable {
  private final ServerSocket server;
  private final int workers;
  private final String address;
  private final Thread acceptor;

  private RingRendezvous(ServerSocket server, String host, int workers) {
    this.server = server;
    this.workers = workers;
    this.address = host + ":" + server.getLocalPort();
    this.acceptor = new Thread(this::serve, "drgrade-ring-rendezvous");
    this.acceptor.setDaemon(true);
  }

  /** Opens the rendezvous on an ephemeral port of every interface; {@code host} is the driver's. */
  static RingRendezvous open(String host, int workers) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(0));
      RingRendezvous r = new RingRendezvous(server, host, workers);
      r.acceptor.start();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ring's rendezvous port on the driver", e);
    }
  }

  /** "host:port" for the tasks. */
  String address() {
    return address;
  }

  private void serve() {
    Map<Integer, Map<Integer, Waiting>> byAttempt = new HashMap<>();
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setSoTimeout(RingAllreduce.TIMEOUT_MS);
        DataInputStream in = new DataInputStream(s.getInputStream());
        int attempt = in.readInt();
        int rank = in.readInt();
        String worker = in.readUTF();
        Map<Integer, Waiting> ranks = byAttempt.computeIfAbsent(attempt, a -> new HashMap<>());
        Waiting previous = ranks.put(rank, new Waiting(s, worker));
        if (previous != null) {
          previous.socket.close();
        }
        if (ranks.size() == workers) {
          List<String> addresses = new ArrayList<>();
          for (int r = 0; r < workers; r++) {
            addresses.add(ranks.get(r).worker);
          }
          for (Waiting w : ranks.values()) {
            try (Socket done = w.socket) {
              DataOutputStream out = new DataOutputStream(done.getOutputStream());
              for (String a : addresses) {
                out.writeUTF(a);
              }
              out.flush();
            } catch (IOException e) {
              // that task failed meanwhile; Spark retries the stage, which meets anew
            }
          }
          byAttempt.remove(attempt);
        }
      } catch (IOException e) {
        if (server.isClosed()) {
          return; // closed at the epoch's end
        }
      }
    }
  }

  private record Waiting(Socket socket, String worker) {}

  /**
   * The task side: registers {@code worker} ("host:port") as {@code rank} of the stage attempt at
   * {@code rendezvous} and returns all workers' addresses in rank order.
   */
  static List<String> meet(String rendezvous, int attempt, int rank, int workers, String worker) {
    int colon = rendezvous.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              rendezvous.substring(0, colon), Integer.parseInt(rendezvous.substring(colon + 1))),
          RingAllreduce.TIMEOUT_MS);
      s.setSoTimeout(RingAllreduce.TIMEOUT_MS);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(attempt);
      out.writeInt(rank);
      out.writeUTF(worker);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      List<String> addresses = new ArrayList<>();
      for (int r = 0; r < workers; r++) {
        addresses.add(in.readUTF());
      }
      return addresses;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "worker " + rank + " cannot meet the ring's other workers at " + rendezvous, e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing at the epoch's end: nothing left to lose
    }
  }
}
