package org.drgrade.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.drgrade.engine.AllreduceTrainer;
import org.drgrade.engine.AveragingTrainer;
import org.drgrade.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drgrade on a real YARN (MiniYARNCluster) with HDFS outputs, submitted with spark-submit as the
 * EMR steps do: cluster mode ends SUCCEEDED (Main returns instead of calling System.exit), a bad
 * configuration ends FAILED with drgrade's one-line reason in the driver's log and YARN's
 * diagnostics, and client mode succeeds, training over the workers' ring on two executors. The
 * cluster-mode run gives executors a (fake) GPU from YARN and trains with drgrade.train.task-gpus =
 * 1: the training stages must be scheduled on those executors through a task-only resource profile
 * and finish.
 */
@IntegrationTest
class YarnClusterTest {
  private static final List<String> STAGES =
      List.of("synth", "ingest", "preprocess", "train", "predict", "blend", "decide", "report");

  @TempDir static Path tmp;
  private static YarnCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = YarnCluster.start(tmp.resolve("yarn"));
    cluster.fileSystem().mkdirs(new org.apache.hadoop.fs.Path("/spark-events"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * spark-submit arguments of a drgrade application: conf/local.conf shipped as EMR ships
   * emr-gpu.conf.
   */
  private static List<String> sparkArgs(String deployMode, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--deploy-mode",
                deployMode,
                "--class",
                "org.drgrade.cli.Main",
                "--files",
                Path.of("conf/local.conf").toAbsolutePath().toString()));
    args.addAll(List.of(extra));
    return args;
  }

  /**
   * `drgrade run` on a small generated data set, everything on HDFS; config is the --config file as
   * the driver sees it.
   */
  private static List<String> runArgs(String name, String config, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--config",
                config,
                "--set",
                "synth.output=\"" + cluster.hdfs("/" + name + "/synth") + "\"",
                "--set",
                "run.output=\"" + cluster.hdfs("/" + name + "/run") + "\"",
                "--set",
                "synth.patients=16",
                "--set",
                "synth.test-patients=2",
                "--set",
                "train.epochs=2",
                "--set",
                "predict.checkpoints=2",
                "--set",
                "predict.augmentations=2",
                "--set",
                "blend.folds=2"));
    args.addAll(List.of(extra));
    return args;
  }

  private static void assertStagesComplete(String name) throws Exception {
    FileSystem fs = cluster.fileSystem();
    for (String stage : STAGES) {
      String dir = stage.equals("synth") ? "/" + name + "/synth" : "/" + name + "/run/" + stage;
      assertTrue(
          fs.exists(new org.apache.hadoop.fs.Path(dir + "/_SUCCESS")),
          stage + " wrote _SUCCESS on HDFS");
    }
  }

  @Test
  void clusterModeRunSucceedsAndTrainsOnTheExecutorsGpus() throws Exception {
    Path gpus = cluster.fakeGpuScript(YarnCluster.GPUS);
    YarnCluster.Submission s =
        cluster.submit(
            tmp.resolve("cluster-run.log"),
            sparkArgs(
                "cluster",
                "--conf",
                "spark.executor.resource.gpu.amount=1",
                "--conf",
                "spark.executor.resource.gpu.discoveryScript=" + gpus,
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.dir=" + cluster.hdfs("/spark-events")),
            // The "GPU" is made up and the engine runs on the CPU: train would refuse that
            // (GpuRefusalClusterTest) unless told the GPUs are not real.
            runArgs(
                "cluster-run",
                "local.conf",
                "--set",
                "train.task-gpus=1",
                "--set",
                "train.gpu-required=false"),
            900);
    assertEquals("SUCCEEDED", s.finalStatus(), s::toString);
    assertEquals(0, s.exitCode(), s::toString);
    assertStagesComplete("cluster-run");

    // The event log says how the training stages were placed.
    String appId = s.report().orElseThrow().getApplicationId().toString();
    List<JsonNode> events = eventLog(appId);
    Set<Integer> gpuProfiles = new TreeSet<>();
    for (JsonNode e : events) {
      if (e.path("Event").asText().equals("SparkListenerResourceProfileAdded")
          && e.path("Task Resource Requests").has("gpu")) {
        gpuProfiles.add(e.path("Resource Profile Id").asInt());
        assertEquals(
            0,
            e.path("Executor Resource Requests").size(),
            "task-only: the profile asks for no executors of its own: " + e);
      }
    }
    assertEquals(1, gpuProfiles.size(), "one resource profile with a GPU per task");
    long gpuStagesDone =
        events.stream()
            .filter(e -> e.path("Event").asText().equals("SparkListenerStageCompleted"))
            .map(e -> e.path("Stage Info"))
            .filter(
                i ->
                    gpuProfiles.contains(i.path("Resource Profile Id").asInt())
                        && !i.has("Failure Reason"))
            .count();
    assertTrue(
        gpuStagesDone >= 2,
        "training stages (2 epochs) ran under the GPU profile and completed: " + gpuStagesDone);
    // The stages that fit: each averaging round's, over its minibatches after the epoch's layout
    // shuffle. Each must run under the GPU profile (the shuffle's map side runs under the default
    // one, as DL4J's own repartition once made its fitting stage do).
    List<JsonNode> fits = completedStages(events, AveragingTrainer.ROUND_RDD);
    assertTrue(fits.size() >= 2, "a fitting stage per epoch at least: " + fits.size());
    for (JsonNode fit : fits) {
      assertTrue(
          gpuProfiles.contains(fit.path("Resource Profile Id").asInt()),
          "the stage that fits runs under the GPU profile: " + fit.path("Stage Name"));
      assertFalse(fit.has("Failure Reason"), fit.toString());
    }
    List<JsonNode> executors =
        events.stream()
            .filter(e -> e.path("Event").asText().equals("SparkListenerExecutorAdded"))
            .map(e -> e.path("Executor Info"))
            .toList();
    assertFalse(executors.isEmpty());
    for (JsonNode info : executors) {
      assertEquals(
          0,
          info.path("Resource Profile Id").asInt(),
          "only default executors were started: " + info);
      assertEquals(
          "0",
          info.path("Resources").path("gpu").path("addresses").path(0).asText(),
          "the executor holds the GPU YARN gave it (the discovery script's address): " + info);
    }
  }

  /** True when one of the stage's RDDs has {@code field} containing {@code text}. */
  /** The completed stages' infos that include an RDD named {@code rdd}. */
  private static List<JsonNode> completedStages(List<JsonNode> events, String rdd) {
    return events.stream()
        .filter(e -> e.path("Event").asText().equals("SparkListenerStageCompleted"))
        .map(e -> e.path("Stage Info"))
        .filter(i -> hasRdd(i, "Name", rdd))
        .toList();
  }

  private static boolean hasRdd(JsonNode stageInfo, String field, String text) {
    for (JsonNode rdd : stageInfo.path("RDD Info")) {
      if (rdd.path(field).asText().contains(text)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void badConfigurationEndsFailedWithTheReasonInTheDriverLog() throws Exception {
    YarnCluster.Submission s =
        cluster.submit(
            tmp.resolve("bad-config.log"),
            sparkArgs("cluster"),
            runArgs("bad-config", "local.conf", "--set", "train.crop=9999"),
            300);
    String reason =
        "drgrade: drgrade.train.crop (9999) must not exceed drgrade.preprocess.size (128)";
    assertEquals("FAILED", s.finalStatus(), s::toString);
    assertNotEquals(0, s.exitCode(), s::toString);
    assertTrue(s.driverLog().contains(reason), () -> "the driver log names the reason:\n" + s);
    assertTrue(
        s.diagnostics().contains(reason),
        () -> "YARN's diagnostics name the reason: " + s.diagnostics());
  }

  /**
   * Client mode, two executors, and two workers on the workers' ring (overlapped): each epoch is
   * one barrier stage whose two tasks meet at the driver's rendezvous and average over TCP, on YARN
   * as on EMR.
   */
  @Test
  void clientModeRunTrainsWithTheWorkersRingOnTwoExecutors() throws Exception {
    YarnCluster.Submission s =
        cluster.submit(
            tmp.resolve("client-run.log"),
            List.of(
                "--deploy-mode",
                "client",
                "--class",
                "org.drgrade.cli.Main",
                "--conf",
                "spark.executor.instances=2",
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.dir=" + cluster.hdfs("/spark-events")),
            runArgs(
                "client-run",
                Path.of("conf/local.conf").toAbsolutePath().toString(),
                "--set",
                "spark.conf.\"spark.driver.host\"=\"127.0.0.1\"",
                "--set",
                "train.averaging=allreduce-overlap",
                "--set",
                "train.workers=2"),
            900);
    assertEquals(0, s.exitCode(), s::toString);
    assertEquals("SUCCEEDED", s.finalStatus(), s::toString);
    assertStagesComplete("client-run");
    String appId = s.report().orElseThrow().getApplicationId().toString();
    List<JsonNode> epochs = completedStages(eventLog(appId), AllreduceTrainer.EPOCH_RDD);
    assertTrue(epochs.size() >= 2, "a barrier stage per epoch: " + epochs.size());
    for (JsonNode epoch : epochs) {
      assertEquals(2, epoch.path("Number of Tasks").asInt(), "two workers in the ring");
      assertFalse(epoch.has("Failure Reason"), epoch.toString());
    }
  }

  private static List<JsonNode> eventLog(String appId) throws Exception {
    FileSystem fs = cluster.fileSystem();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/spark-events"))) {
      if (f.getPath().getName().startsWith(appId)) {
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            events.add(json.readTree(line));
          }
        }
      }
    }
    assertFalse(events.isEmpty(), "event log of " + appId);
    return events;
  }
}
