package org.drgrade.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The -Pcuda build on a machine without a GPU: it carries ND4J's CUDA and CPU backends, and a JVM
 * started from it trains the network on the CPU. Runs submit/gpu-smoke.sh's CPU path on the jar
 * that script builds (core/target/cuda-smoke/). That build downloads about 700 MB (nd4j-cuda-11.6
 * and DL4J 1.0.0-M2.1), so it is not part of the normal build: without it this test is skipped;
 * build it first with {@code mvn -Pcuda -DskipTests -pl core
 * -Ddrgrade.build.dir=$PWD/core/target/cuda-smoke package} (or run submit/gpu-smoke.sh once), or
 * set DRGRADE_CUDA_JAR_TEST=required to make its absence a failure.
 */
@IntegrationTest
class CudaJarOnCpuTest {
  private static final Path BUILD = Path.of("core/target/cuda-smoke");

  @BeforeAll
  static void needsTheCudaBuild() throws Exception {
    boolean built =
        Files.isRegularFile(BUILD.resolve("drgrade.jar"))
            && Files.isRegularFile(BUILD.resolve("classpath.txt"));
    if (!built && "required".equals(System.getenv("DRGRADE_CUDA_JAR_TEST"))) {
      throw new AssertionError(
          "core/target/cuda-smoke/drgrade.jar missing and DRGRADE_CUDA_JAR_TEST=required");
    }
    Assumptions.assumeTrue(
        built, "no -Pcuda build in core/target/cuda-smoke (see the class comment); skipping");
    String cp = Files.readString(BUILD.resolve("classpath.txt"));
    assertTrue(
        cp.contains("nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar"),
        "the cuda build carries the CUDA backend");
    assertTrue(
        cp.contains("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar"), "and the CPU backend");
  }

  @Test
  void smokeScriptTrainsOnTheCpuWithoutAGpu(@TempDir Path tmp) throws Exception {
    // The CPU path of the script: no nvidia-smi on PATH, so the CPU backend is expected.
    Path log = tmp.resolve("smoke.log");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "submit/gpu-smoke.sh", "64", "4", "2")
            .redirectErrorStream(false)
            .redirectOutput(tmp.resolve("smoke.json").toFile())
            .redirectError(log.toFile());
    pb.environment().put("SKIP_BUILD", "1");
    pb.environment().put("DRGRADE_JAVA_OPTS", "-Xmx2g");
    pb.environment().put("DRGRADE_OFFHEAP", "2G");
    pb.environment().put("DRGRADE_PHYSICAL", "4G");
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin"); // no nvidia-smi here anyway
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "gpu-smoke.sh did not finish in 300 s");
    } finally {
      p.destroyForcibly();
    }
    String stderr = Files.readString(log);
    assertEquals(0, p.exitValue(), stderr);
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("smoke.json").toFile());
    assertEquals("CPU", json.get("backend").asText(), json.toString());
    assertTrue(json.get("backend_class").asText().contains("CpuBackend"), json.toString());
    assertEquals(0, json.get("devices").size());
    assertTrue(json.get("supported").asBoolean());
    assertEquals(2, json.get("timed_minibatches").asInt());
    assertTrue(json.get("train_images_per_s").asDouble() > 0, json.toString());
    assertTrue(
        Double.isFinite(json.get("score").asDouble()),
        "the network trained: a finite loss " + json);
    assertTrue(stderr.contains("no nvidia-smi"), stderr);
  }
}
