package org.drgrade.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3-compatible server (S3Proxy with its filesystem backend) in a child JVM on loopback. It
 * runs out of process because its Jetty 12 / Jackson 3 / Guava 33 clash with Spark's on one
 * classpath. The jar is copied to target/s3proxy by the build (maven-dependency-plugin).
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "drgrade-test-access";
  public static final String SECRET_KEY = "drgrade-test-secret-do-not-log";

  private final Process process;
  private final int port;
  private final Path dataDir;

  private S3Server(Process process, int port, Path dataDir) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
  }

  public static S3Server start(Path workDir) throws IOException, InterruptedException {
    Path jar =
        Path.of(System.getProperty("drgrade.s3proxy.jar", "core/target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Proxy jar missing at " + jar + " (run the tests through Maven)");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path data = Files.createDirectories(workDir.resolve("s3data"));
    Path props = workDir.resolve("s3proxy.properties");
    Files.write(
        props,
        List.of(
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx256m", "-jar", jar.toString(), "--properties", props.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile())
            .start();
    S3Server server = new S3Server(p, port, data);
    server.awaitPort();
    return server;
  }

  private void awaitPort() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("S3Proxy did not open port " + port + " within 60 s");
  }

  /** With the filesystem backend a bucket is a directory. */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(dataDir.resolve(name));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Config overrides that point drgrade's s3a:// access at this server (test credentials only). */
  public List<String> overrides() {
    return List.of(
        "s3.endpoint=\"" + endpoint() + "\"",
        "s3.path-style-access=true",
        "s3.ssl=false",
        "spark.conf.\"spark.hadoop.fs.s3a.aws.credentials.provider\"=\"org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider\"",
        "spark.conf.\"spark.hadoop.fs.s3a.access.key\"=\"" + ACCESS_KEY + "\"",
        "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=\"" + SECRET_KEY + "\"",
        "spark.conf.\"spark.hadoop.fs.s3a.attempts.maximum\"=2",
        "spark.conf.\"spark.hadoop.fs.s3a.retry.limit\"=2");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
