package org.drgrade.cluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.drgrade.spark.JavaOpens;
import org.drgrade.spark.LocalStandaloneCluster;
import org.drgrade.testing.ProductClasses;

/**
 * A real YARN and HDFS in this JVM (Hadoop's MiniYARNCluster and MiniDFSCluster, as Spark's own
 * YarnClusterSuite uses), and spark-submit as a separate JVM against it. The ApplicationMaster and
 * executors are containers the NodeManager starts as their own JVMs, exactly as on EMR.
 *
 * <p>YARN knows the resource type yarn.io/gpu and the one NodeManager offers {@link #GPUS} of it,
 * made up: no GPU is touched. Spark asks YARN for yarn.io/gpu when
 * spark.executor.resource.gpu.amount is set, and each executor learns its "GPU" addresses from a
 * discovery script (see {@link #fakeGpuScript}).
 */
final class YarnCluster implements AutoCloseable {
  /** yarn.io/gpu the one NodeManager offers, as one GPU node of the documented EMR cluster. */
  static final int GPUS = 1;

  private static final Pattern APP_ID = Pattern.compile("(application_\\d+_\\d+)");

  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  private final Path dir;
  private final Path confDir;
  private final Path jars;
  private final Path appJar;

  private YarnCluster(
      MiniDFSCluster dfs, MiniYARNCluster yarn, Path dir, Path confDir, Path jars, Path appJar) {
    this.dfs = dfs;
    this.yarn = yarn;
    this.dir = dir;
    this.confDir = confDir;
    this.jars = jars;
    this.appJar = appJar;
  }

  static YarnCluster start(Path dir) throws IOException, InterruptedException {
    YarnConfiguration conf = new YarnConfiguration();
    // The NameNode enters safe mode when it misreads this machine's free space as 0 (seen here); no
    // reserve.
    conf.setLong("dfs.namenode.resource.du.reserved", 0);
    MiniDFSCluster dfs =
        new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    conf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    // This machine's disk may be over YARN's 90 % "unhealthy" mark; a NodeManager with no healthy
    // disk runs no container.
    conf.set(
        "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    conf.set("yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb", "0");
    // Room for an ApplicationMaster (the driver) and one executor, well inside the test machine.
    conf.setInt("yarn.nodemanager.resource.memory-mb", 8192);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    conf.setInt("yarn.scheduler.maximum-allocation-mb", 8192);
    // ND4J and OpenCV live off-heap; YARN's memory policing would count that against the heap.
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    // Keep container logs on disk after the application ends (the tests read the driver's).
    conf.setInt("yarn.nodemanager.delete.debug-delay-sec", 600);
    conf.setBoolean("yarn.log-aggregation-enable", false);
    // GPUs as YARN counts them: a resource type, a count per node, and a scheduler that counts it.
    conf.set("yarn.resource-types", "yarn.io/gpu");
    conf.set("yarn.nodemanager.resource-type.yarn.io/gpu", String.valueOf(GPUS));
    // One queue with everything (no capacity-scheduler.xml is on the class path),
    // ApplicationMasters included.
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    conf.set(
        "yarn.scheduler.capacity.resource-calculator",
        "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
    ResourceUtils.resetResourceTypes(conf);
    ResourceUtils.resetNodeResources();

    MiniYARNCluster yarn = new MiniYARNCluster("drgrade-yarn", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    Configuration live = yarn.getConfig();
    for (int i = 0; i < 300 && live.get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0"); i++) {
      Thread.sleep(100); // the ResourceManager publishes its real port once it listens
    }

    // HADOOP_CONF_DIR for spark-submit: the live cluster's addresses, and the resource types file
    // the
    // client and the ApplicationMaster need to ask for yarn.io/gpu (Spark ships this folder with
    // the app).
    Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    Configuration site = new Configuration(false);
    live.forEach(e -> site.set(e.getKey(), e.getValue()));
    // MiniYARNCluster's rack mapping is a class of Hadoop's own tests, not on the containers' class
    // path.
    site.unset("net.topology.node.switch.mapping.impl");
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      site.writeXml(out);
    }
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", conf.get("fs.defaultFS"));
    try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
      core.writeXml(out);
    }
    Configuration types = new Configuration(false);
    types.set("yarn.resource-types", "yarn.io/gpu");
    try (OutputStream out = Files.newOutputStream(confDir.resolve("resource-types.xml"))) {
      types.writeXml(out);
    }

    // Spark's jars: this build's runtime class path (no Spark distribution is installed), given to
    // YARN as local: paths (the NodeManager is on this machine), so nothing is zipped or uploaded.
    Path jars = Files.createDirectories(dir.resolve("spark-jars"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (name.endsWith(".jar")
          && Files.isRegularFile(p)
          && !name.contains("surefire")
          && !name.startsWith("junit")
          && !name.startsWith("hadoop-client-minicluster")
          && !name.startsWith("opentest4j")) {
        Path link = jars.resolve(name);
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    // The application jar spark-submit ships: drgrade's compiled classes and resources.
    Path appJar = dir.resolve("drgrade-app.jar");
    LocalStandaloneCluster.jarOf(ProductClasses.dir(), appJar);
    return new YarnCluster(dfs, yarn, dir, confDir, jars, appJar);
  }

  String hdfs(String path) {
    return "hdfs://127.0.0.1:" + dfs.getNameNodePort() + path;
  }

  FileSystem fileSystem() throws IOException {
    return dfs.getFileSystem();
  }

  /**
   * A discovery script that reports GPUs at made-up addresses 0..n-1 (Spark only parses its JSON).
   */
  Path fakeGpuScript(int gpus) throws IOException {
    Path script = dir.resolve("fake-gpus.sh");
    StringBuilder addresses = new StringBuilder();
    for (int i = 0; i < gpus; i++) {
      addresses.append(i == 0 ? "" : ",").append("\\\"").append(i).append("\\\"");
    }
    Files.writeString(
        script,
        "#!/usr/bin/env bash\necho \"{\\\"name\\\":\\\"gpu\\\",\\\"addresses\\\":["
            + addresses
            + "]}\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /**
   * The result of one spark-submit: its exit code, its output, and YARN's view of the application.
   */
  record Submission(
      int exitCode, String output, Optional<ApplicationReport> report, String driverLog) {
    String finalStatus() {
      return report.map(r -> r.getFinalApplicationStatus().toString()).orElse("(no application)");
    }

    String diagnostics() {
      return report.map(ApplicationReport::getDiagnostics).orElse("");
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + ", final status "
          + finalStatus()
          + "\n--- spark-submit ---\n"
          + tail(output)
          + "\n--- driver log ---\n"
          + tail(driverLog);
    }
  }

  /**
   * Runs spark-submit (org.apache.spark.deploy.SparkSubmit in its own JVM, as bin/spark-submit
   * would) with {@code sparkArgs} before the application jar and {@code drgradeArgs} after it.
   */
  Submission submit(Path log, List<String> sparkArgs, List<String> drgradeArgs, long timeoutSeconds)
      throws IOException, InterruptedException {
    String javaHome = System.getProperty("java.home");
    List<String> cmd =
        new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx1g"));
    // In client mode this JVM is the driver: the flags submit/drgrade gives it.
    cmd.addAll(JavaOpens.ADD_OPENS);
    cmd.addAll(
        List.of(
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
            "-Dorg.bytedeco.javacpp.maxbytes=1G",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G"));
    cmd.addAll(
        List.of(
            "-cp",
            confDir + File.pathSeparator + jars + File.separator + "*",
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "yarn",
            "--conf",
            "spark.yarn.jars=local:" + jars + "/*",
            "--conf",
            "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
            "--conf",
            "spark.executorEnv.JAVA_HOME=" + javaHome,
            "--conf",
            "spark.yarn.maxAppAttempts=1",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.driver.memory=1g",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.executor.instances=1",
            "--conf",
            "spark.executor.cores=2",
            "--conf",
            "spark.dynamicAllocation.enabled=false",
            "--conf",
            "spark.driver.extraJavaOptions=-Djdk.reflect.useDirectMethodHandle=false "
                + "-Dorg.eclipse.deeplearning4j.helpers.disable=false -Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
            "--conf",
            "spark.executor.extraJavaOptions=" + LocalStandaloneCluster.executorJavaOptions()));
    cmd.addAll(sparkArgs);
    cmd.add(appJar.toString());
    cmd.addAll(drgradeArgs);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
    pb.environment().put("SPARK_HOME", dir.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    Process p = pb.start();
    int exit;
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "spark-submit did not end within "
                + timeoutSeconds
                + " s; log "
                + log
                + "\n"
                + tail(Files.readString(log)));
      }
      exit = p.exitValue();
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    Matcher m = APP_ID.matcher(output);
    Optional<ApplicationReport> report = Optional.empty();
    String driverLog = "";
    if (m.find()) {
      ApplicationId id = ApplicationId.fromString(m.group(1));
      try (YarnClient client = YarnClient.createYarnClient()) {
        client.init(yarn.getConfig());
        client.start();
        report = Optional.of(client.getApplicationReport(id));
      } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
        throw new IOException(e);
      }
      driverLog = containerLog(id, 1);
    }
    return new Submission(exit, output, report, driverLog);
  }

  /**
   * stdout + stderr of container n of an application (1 = the ApplicationMaster, the driver in
   * cluster mode).
   */
  private String containerLog(ApplicationId id, int n) throws IOException {
    String suffix = String.format("_%06d", n);
    StringBuilder sb = new StringBuilder();
    for (String logDir :
        yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      Path appDir =
          Path.of(java.net.URI.create(logDir.startsWith("/") ? "file://" + logDir : logDir))
              .resolve(id.toString());
      if (!Files.isDirectory(appDir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(appDir)) {
        for (Path f :
            files
                .filter(Files::isRegularFile)
                .filter(f -> f.getParent().getFileName().toString().endsWith(suffix))
                .sorted()
                .toList()) {
          sb.append("== ")
              .append(f.getFileName())
              .append(" ==\n")
              .append(Files.readString(f))
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  static String tail(String text) {
    return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
  }

  @Override
  public void close() {
    yarn.stop();
    dfs.shutdown();
    try (Stream<Path> links = Files.list(jars)) {
      for (Path link : links.toList()) {
        Files.delete(
            link); // links only: JUnit's temp-dir cleanup warns about each link to outside it
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
