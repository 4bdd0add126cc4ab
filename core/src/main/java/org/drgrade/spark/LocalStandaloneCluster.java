package org.drgrade.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * A real Spark standalone cluster on loopback: a master and N workers of one core each, each its
 * own JVM, with a Spark home assembled from this JVM's class path (no Spark distribution is
 * installed) plus drgrade's classes, so executors are separate JVMs that must deserialise every
 * closure, broadcast and Kryo-serialised object the job sends them. The cluster tests and {@code
 * drgrade bench scale} run on it.
 */
public final class LocalStandaloneCluster implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final Path home;
  private final int masterPort;

  private LocalStandaloneCluster(Path home, int masterPort) {
    this.home = home;
    this.masterPort = masterPort;
  }

  public static LocalStandaloneCluster start(Path dir, int workers)
      throws IOException, InterruptedException {
    return start(dir, workers, "3g", List.of());
  }

  /**
   * Workers that each offer one made-up GPU (address 0, from a discovery script), so executors that
   * ask for {@code spark.executor.resource.gpu.amount = 1} are given it and tasks under a GPU
   * profile get it in TaskContext.resources(), as on a GPU cluster with no GPU behind it.
   */
  public static LocalStandaloneCluster startWithFakeGpus(Path dir, int workers)
      throws IOException, InterruptedException {
    Path script = dir.resolve("fake-gpu.sh");
    Files.createDirectories(dir);
    Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
    script.toFile().setExecutable(true);
    return start(
        dir,
        workers,
        "3g",
        List.of(
            "-Dspark.worker.resource.gpu.amount=1",
            "-Dspark.worker.resource.gpu.discoveryScript=" + script));
  }

  /** N one-core workers offering {@code memory} each (Spark's form, e.g. "3g"). */
  public static LocalStandaloneCluster start(
      Path dir, int workers, String memory, List<String> workerOptions)
      throws IOException, InterruptedException {
    Path home = assembleSparkHome(dir.resolve("spark-home"));
    LocalStandaloneCluster cluster = new LocalStandaloneCluster(home, freePort());
    cluster.launch(
        dir.resolve("master.log"),
        List.of(),
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        String.valueOf(cluster.masterPort),
        "--webui-port",
        String.valueOf(freePort()));
    awaitPort(cluster.masterPort);
    for (int w = 0; w < workers; w++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + w));
      cluster.launch(
          dir.resolve("worker-" + w + ".log"),
          workerOptions,
          "org.apache.spark.deploy.worker.Worker",
          cluster.masterUrl(),
          "--host",
          "127.0.0.1",
          "--cores",
          "1",
          "--memory",
          memory,
          "--webui-port",
          "0",
          "--work-dir",
          work.toString());
    }
    return cluster;
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * The --set arguments that point a drgrade command at this cluster: master, executor JVM options
   * and memory, and a driver the executors can reach on loopback.
   */
  public List<String> drgradeSettings() {
    List<String> args = new ArrayList<>();
    for (String setting : settings()) {
      args.add("--set");
      args.add(setting);
    }
    return args;
  }

  /** The same settings as key=value overrides. */
  public List<String> settings() {
    return List.of(
        "spark.master=\"" + masterUrl() + "\"",
        "spark.conf.\"spark.executor.extraJavaOptions\"=\"" + executorJavaOptions() + "\"",
        "spark.conf.\"spark.executor.memory\"=\"2g\"",
        "spark.conf.\"spark.driver.host\"=\"127.0.0.1\"");
  }

  /** The extra JVM options executors need (they are plain java processes the workers start). */
  public static String executorJavaOptions() {
    StringBuilder sb = new StringBuilder();
    JavaOpens.ADD_OPENS.forEach(f -> sb.append(f).append(' '));
    return sb.append(
            "-Djdk.reflect.useDirectMethodHandle=false -Dorg.eclipse.deeplearning4j.helpers.disable=false ")
        .append("-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G")
        .toString();
  }

  private void launch(Path log, List<String> options, String mainClass, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    cmd.addAll(JavaOpens.ADD_OPENS);
    cmd.addAll(options);
    cmd.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put(
        "SPARK_SCALA_VERSION",
        "2.12"); // the launcher otherwise looks for a source build's directories
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    processes.add(pb.start());
  }

  /**
   * jars/ = every jar of this JVM's class path + drgrade.jar of the compiled classes when they are
   * a folder (a build's target/classes); RELEASE marks it a distribution.
   */
  private static Path assembleSparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.writeString(
        home.resolve("RELEASE"), "Spark 3.5 assembled from drgrade's test class path\n");
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p) && !entry.contains("surefire")) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    Path product = productCode();
    if (Files.isDirectory(product)) {
      jarOf(product, jars.resolve("drgrade.jar"));
    }

    return home;
  }

  public static void jarOf(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(
            new ZipEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  /**
   * Kills one executor JVM (a real process kill, as a lost node would be); true if one was found.
   */
  public static boolean killOneExecutor() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .findFirst()
        .map(ProcessHandle::destroyForcibly)
        .orElse(false);
  }

  /** Where drgrade's classes come from: its jar, or a build's classes folder. */
  private static Path productCode() {
    try {
      return Path.of(
          LocalStandaloneCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("drgrade's classes have no path", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws InterruptedException, IOException {
    for (int i = 0; i < 300; i++) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("Spark master did not open port " + port);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
