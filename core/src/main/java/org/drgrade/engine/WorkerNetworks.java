package org.drgrade.engine;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The networks an executor JVM keeps between averaging rounds, one per worker of the running
 * trainer (and GPU): a round then only sets the broadcast parameters and optimiser state into the
 * worker's network, rather than building a network from a checkpoint every round. Networks of a
 * finished trainer are closed when another trainer's first round arrives.
 */
final class WorkerNetworks {
  private static final Map<String, GradingNetwork> KEPT = new ConcurrentHashMap<>();

  private WorkerNetworks() {}

  /** The values a round starts from: the driver's network as flat arrays and counters. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[] parameters;
    final float[] updater;
    final long iterations;
    final int epoch;

    State(GradingNetwork net) {
      this.parameters = net.parameters();
      this.updater = net.updaterState();
      this.iterations = net.iterations();
      this.epoch = net.epoch();
    }

    long bytes() {
      return 4L * (parameters.length + updater.length);
    }

    void setInto(GradingNetwork net) {
      net.setParameters(parameters);
      net.setUpdaterState(updater);
      net.setIterations(iterations);
      net.setEpoch(epoch);
    }
  }

  /**
   * Takes worker {@code key}'s network of trainer {@code trainer} out of the JVM's keeping, or
   * builds one; give it back with {@link #keep} after the round.
   */
  static GradingNetwork take(String trainer, String key, Supplier<GradingNetwork> build) {
    for (String k : KEPT.keySet()) {
      if (!k.startsWith(trainer + "/")) {
        GradingNetwork stale = KEPT.remove(k);
        if (stale != null) {
          stale.close();
        }
      }
    }
    GradingNetwork net = KEPT.remove(trainer + "/" + key);
    return net != null ? net : build.get();
  }

  static void keep(String trainer, String key, GradingNetwork net) {
    GradingNetwork previous = KEPT.put(trainer + "/" + key, net);
    if (previous != null && previous != net) {
      previous.close();
    }
  }
}
