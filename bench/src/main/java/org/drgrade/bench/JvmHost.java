package org.drgrade.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a CPU benchmark ran: numbers from a shared 2-core box and a workstation are not comparable.
 */
public record JvmHost(int cores, String cpu, String os, String java) {

  public static JvmHost current() {
    return new JvmHost(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  /** The CPU's model name from /proc/cpuinfo, where there is one. */
  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown");
    } catch (IOException | UncheckedIOException noProc) {
      return "unknown";
    }
  }
}
