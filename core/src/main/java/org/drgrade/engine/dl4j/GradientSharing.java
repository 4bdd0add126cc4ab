package org.drgrade.engine.dl4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.drgrade.engine.AveragingPlan;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * DL4J's gradient sharing ({@code drgrade.train.averaging = dl4j-shared}): SharedTrainingMaster,
 * where every worker fits its own minibatches and, after each, sends the part of its update above
 * an adaptive threshold (Strom 2015's encoding; the rest carries over as a residual) to all the
 * others over Aeron UDP, and applies theirs as they arrive. Each worker thus applies the sum of all
 * workers' updates: the step grows with the workers as linear rate scaling would, so this mode
 * takes the learning rates as written ({@code TrainConfig.forWorkers}).
 *
 * <p>Addresses, set here so that it runs without per-cluster settings: the controller is the driver
 * ({@code spark.driver.host}); a worker finds its own address on the driver's subnet (the driver's
 * interface's prefix; on loopback DL4J's fallback 127.0.0.1 is right, one machine); and every JVM
 * takes a free UDP port of its own, since DL4J's fixed default port lets only one executor per host
 * join (deeplearning4j issue 8086).
 */
final class GradientSharing {
  private GradientSharing() {}

  /**
   * DL4J sets Aeron's client liveness timeout to 30 s, while Aeron 1.32 (the version it brings)
   * refuses a media driver whose publication unblock timeout, 15 s by default, is not above it: so
   * every JVM that starts a transport needs a longer one first (unless the user set one).
   */
  static final String UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";

  /** Aeron's settings that DL4J's transport needs; call before it starts, in each JVM. */
  static void prepareAeron() {
    if (System.getProperty(UNBLOCK_TIMEOUT) == null) {
      System.setProperty(UNBLOCK_TIMEOUT, "60s");
    }
  }

  static SharedTrainingMaster master(JavaSparkContext sc, AveragingPlan plan) {
    prepareAeron();
    InetAddress driver = driverAddress(sc.getConf());
    VoidConfiguration transport =
        VoidConfiguration.builder()
            .controllerAddress(driver.getHostAddress())
            .networkMask(subnetOf(driver))
            .portSupplier(new FreeUdpPort())
            .build();
    return new SharedTrainingMaster.Builder(
            transport, plan.workers(), new AdaptiveThresholdAlgorithm(), plan.batchSize())
        .batchSizePerWorker(plan.batchSize())
        // One trainer thread per executor: one network per training task, as every other mode.
        .workersPerNode(1)
        .workerPrefetchNumBatches(0)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // No shuffle of its own, for the GPU profile's sake (see Dl4jMasterTrainer).
        .repartitionData(Repartition.Never)
        // No cache of its own (see Dl4jMasterTrainer: fitEpoch caches one step above).
        .storageLevel(null)
        .rngSeed(plan.seed())
        .build();
  }

  private static InetAddress driverAddress(SparkConf conf) {
    String host = conf.get("spark.driver.host", "localhost");
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("spark.driver.host '" + host + "' does not resolve", e);
    }
  }

  /**
   * The driver's subnet as CIDR (e.g. 10.0.0.0/16), or null on loopback or where no interface holds
   * the address (DL4J then takes DL4J_VOID_IP or 127.0.0.1 on each worker).
   */
  static String subnetOf(InetAddress address) {
    if (address.isLoopbackAddress() || address.getAddress().length != 4) {
      return null;
    }
    try {
      NetworkInterface nic = NetworkInterface.getByInetAddress(address);
      if (nic == null) {
        return null;
      }
      for (InterfaceAddress a : nic.getInterfaceAddresses()) {
        if (a.getAddress().equals(address)) {
          return cidr(address.getAddress(), a.getNetworkPrefixLength());
        }
      }
      return null;
    } catch (SocketException e) {
      return null;
    }
  }

  /** The network of an IPv4 address under a prefix, as CIDR. */
  static String cidr(byte[] ipv4, int prefix) {
    int ip = 0;
    for (byte b : ipv4) {
      ip = (ip << 8) | (b & 0xff);
    }
    int net = prefix == 0 ? 0 : ip & (-1 << (32 - prefix));
    return ((net >>> 24) & 0xff)
        + "."
        + ((net >>> 16) & 0xff)
        + "."
        + ((net >>> 8) & 0xff)
        + "."
        + (net & 0xff)
        + "/"
        + prefix;
  }

  /**
   * A UDP port free on the JVM that first asks this copy, kept for that copy's later calls (DL4J
   * asks more than once per transport): the driver's copy gives the controller's port, each
   * executor's deserialised copy its own.
   */
  static final class FreeUdpPort implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private transient int port;

    @Override
    public synchronized int getPort() {
      if (port == 0) {
        try (DatagramSocket socket = new DatagramSocket(0)) {
          port = socket.getLocalPort();
        } catch (IOException e) {
          throw new UncheckedIOException("no free UDP port for DL4J's gradient sharing", e);
        }
      }
      return port;
    }
  }
}
