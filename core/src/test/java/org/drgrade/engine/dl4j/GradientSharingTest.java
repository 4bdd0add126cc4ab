package org.drgrade.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The addresses and ports DL4J's gradient sharing gets from drgrade (no Spark, no Aeron). */
class GradientSharingTest {
  @Test
  void cidrIsTheNetworkOfTheAddressUnderItsPrefix() {
    assertEquals("10.0.0.0/16", GradientSharing.cidr(new byte[] {10, 0, 12, 34}, 16));
    assertEquals(
        "192.168.1.128/25",
        GradientSharing.cidr(new byte[] {(byte) 192, (byte) 168, 1, (byte) 200}, 25));
    assertEquals("172.31.5.9/32", GradientSharing.cidr(new byte[] {(byte) 172, 31, 5, 9}, 32));
    assertEquals("0.0.0.0/0", GradientSharing.cidr(new byte[] {8, 8, 8, 8}, 0));
  }

  @Test
  void loopbackDriverLeavesTheWorkersToDl4jsLoopbackFallback() throws Exception {
    assertNull(GradientSharing.subnetOf(InetAddress.getLoopbackAddress()));
  }

  @Test
  void eachCopyOfThePortSupplierKeepsOneFreePortAndADeserialisedCopyTakesItsOwn() throws Exception {
    GradientSharing.FreeUdpPort driver = new GradientSharing.FreeUdpPort();
    int port = driver.getPort();
    assertEquals(port, driver.getPort(), "DL4J asks more than once per transport");
    // The port was free: it can be bound now.
    try (DatagramSocket socket = new DatagramSocket(port)) {
      assertTrue(socket.isBound());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(driver);
    }
    GradientSharing.FreeUdpPort executor;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      executor = (GradientSharing.FreeUdpPort) in.readObject();
    }
    // Hold the driver's port, as the controller does, so the executor's copy cannot take it.
    try (DatagramSocket controller = new DatagramSocket(port)) {
      int own = executor.getPort();
      assertNotEquals(port, own, "an executor in the driver's JVM (local mode) gets its own port");
      assertEquals(own, executor.getPort());
      assertTrue(controller.isBound());
    }
  }

  @Test
  void aeronGetsAnUnblockTimeoutAboveDl4jsLivenessTimeoutUnlessTheUserSetOne() {
    String before = System.getProperty(GradientSharing.UNBLOCK_TIMEOUT);
    try {
      System.clearProperty(GradientSharing.UNBLOCK_TIMEOUT);
      GradientSharing.prepareAeron();
      assertEquals("60s", System.getProperty(GradientSharing.UNBLOCK_TIMEOUT));
      System.setProperty(GradientSharing.UNBLOCK_TIMEOUT, "90s");
      GradientSharing.prepareAeron();
      assertEquals("90s", System.getProperty(GradientSharing.UNBLOCK_TIMEOUT));
    } finally {
      if (before == null) {
        System.clearProperty(GradientSharing.UNBLOCK_TIMEOUT);
      } else {
        System.setProperty(GradientSharing.UNBLOCK_TIMEOUT, before);
      }
    }
  }
}
