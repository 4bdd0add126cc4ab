package org.drgrade.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.drgrade.cli.Main;
import org.drgrade.config.DrgradeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The EMR steps, the cluster wrapper and the Airflow DAG all come from submit/emr/stages.json:
 * checks that the DAG compiles, that every step is a drgrade command with config keys the CLI
 * accepts, and that the wrapper runs exactly the DAG's arguments. Airflow is not installed: the DAG
 * is imported with fake airflow modules (src/test/resources/org/drgrade/ops/extract_dag.py) that
 * record its tasks.
 */
class EmrDeploymentTest {
  private static final String DAG = "submit/airflow/drgrade_dag.py";
  private static final String DS = "2026-11-25";
  private static final String RUN_ID = "manual__2026-11-25T10:15:00.123456+00:00";

  /**
   * Where a DAG run writes: the date, then the run id with ':' and '+' (no good in a Hadoop path)
   * replaced.
   */
  private static final String RUN = DS + "/manual__2026-11-25T10-15-00.123456-00-00";

  private static final String BUCKET = "drgrade-test-bucket";
  private static final List<String> STAGES =
      List.of("ingest", "preprocess", "train", "predict", "blend", "decide", "report");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tasks;
  private static JsonNode dag;

  @BeforeAll
  static void extractDag() throws Exception {
    assumeTrue(
        pythonPresent(),
        "python3 not found: the deployment checks need it (CI=true makes this a failure)");
    String script = Path.of("src/test/resources/org/drgrade/ops/extract_dag.py").toString();
    JsonNode extracted =
        JSON.readTree(
            run("python3", script, DAG, "--ds", DS, "--run-id", RUN_ID, "--bucket", BUCKET));
    tasks = extracted.get("tasks");
    dag = extracted.get("dag");
  }

  @Test
  void dagCompilesWithPython3() throws Exception {
    run("python3", "-m", "py_compile", DAG);
  }

  @Test
  void stagesRunInOrderBetweenCreatingAndTerminatingTheCluster() {
    assertEquals(STAGES, stageNames());
    assertEquals("create_cluster", task("create_cluster").at("/args/task_id").asText());
    String previous = "create_cluster";
    for (String stage : STAGES) {
      assertEquals(List.of("add_" + stage), downstream(previous), previous);
      assertEquals(List.of("wait_" + stage), downstream("add_" + stage));
      assertEquals("EmrStepSensor", task("wait_" + stage).get("class").asText());
      assertTrue(
          task("wait_" + stage)
              .at("/args/step_id")
              .asText()
              .contains("task_ids='add_" + stage + "'"));
      previous = "wait_" + stage;
    }
    assertEquals(List.of("terminate_cluster"), downstream(previous));
    JsonNode terminate = task("terminate_cluster");
    assertEquals("EmrTerminateJobFlowOperator", terminate.get("class").asText());
    assertEquals(
        "create_cluster",
        terminate.get("teardown_of").asText(),
        "terminate must run whatever the stages did");
    JsonNode cluster = task("create_cluster").at("/args/job_flow_overrides");
    assertTrue(
        cluster.at("/ReleaseLabel").asText().matches("emr-7\\.1[1-3]\\.0"),
        "an EMR 7 release with Spark 3.5.6, the build's");
    assertEquals(
        "s3://" + BUCKET + "/drgrade/bootstrap-gpu.sh",
        cluster.at("/BootstrapActions/0/ScriptBootstrapAction/Path").asText());
  }

  @TestFactory
  Stream<DynamicTest> everyStepIsADrgradeCommandWithKnownConfigKeys() {
    return STAGES.stream()
        .map(
            stage ->
                DynamicTest.dynamicTest(
                    stage,
                    () -> {
                      JsonNode step = task("add_" + stage).at("/args/steps/0/HadoopJarStep");
                      assertEquals("command-runner.jar", step.get("Jar").asText());
                      List<String> args = stepArgs(stage);
                      assertEquals("spark-submit", args.get(0));
                      assertEquals("cluster", args.get(args.indexOf("--deploy-mode") + 1));
                      assertEquals(Main.class.getName(), args.get(args.indexOf("--class") + 1));
                      int jar = args.indexOf("s3://" + BUCKET + "/drgrade/drgrade-cluster.jar");
                      assertTrue(jar > 0, "jar from the run's bucket: " + args);
                      String[] drgrade = args.subList(jar + 1, args.size()).toArray(String[]::new);

                      CommandLine cli = new CommandLine(new Main());
                      assumeTrue(
                          cli.getSubcommands().containsKey(drgrade[0])
                              || !drgrade[0].equals("report"),
                          "drgrade report is being added on branch report; its step is checked once that is merged");
                      ParseResult sub = cli.parseArgs(drgrade).subcommand();
                      assertNotNull(sub, String.join(" ", drgrade));
                      assertEquals(stage, sub.commandSpec().name());
                      File config = sub.matchedOptionValue("--config", null);
                      String shipped = args.get(args.indexOf("--files") + 1);
                      assertEquals(
                          shipped.substring(shipped.lastIndexOf('/') + 1),
                          config.getName(),
                          "--config names the file --files ships");
                      List<String> overrides = sub.matchedOptionValue("--set", List.of());
                      DrgradeConfig loaded =
                          DrgradeConfig.load(
                              Optional.of(new File("conf", config.getName())), overrides);
                      assertEquals(
                          "s3a://" + BUCKET + "/runs/" + RUN,
                          loaded.string("run.output"),
                          "outputs under the run date and the run id: two runs of one day never share a prefix");
                      assertEquals(
                          "200",
                          args.stream()
                              .filter(
                                  a ->
                                      a.startsWith("spark.yarn.appMasterEnv.BACKEND_PRIORITY_CPU="))
                              .map(a -> a.substring(a.indexOf('=') + 1))
                              .findFirst()
                              .orElse(""),
                          "the driver (no GPU in cluster mode) on ND4J's CPU backend");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> clusterWrapperRunsTheDagsArguments() {
    return STAGES.stream()
        .map(
            stage ->
                DynamicTest.dynamicTest(
                    stage,
                    () -> {
                      String wrapper =
                          run(
                              "bash",
                              "submit/drgrade-cluster",
                              "--dry-run",
                              "--stage",
                              stage,
                              "--run-date",
                              RUN,
                              "--bucket",
                              BUCKET);
                      assertEquals(stepArgs(stage), wrapper.lines().toList());
                    }));
  }

  @Test
  void committedStepsExampleIsUpToDate() throws Exception {
    String generated =
        run(
            "python3",
            "submit/emr/steps.py",
            "steps",
            "--bucket",
            "drgrade-example-bucket",
            "--run-date",
            DS);
    assertEquals(
        generated,
        Files.readString(Path.of("submit/emr/steps-example.json")),
        "regenerate: python3 submit/emr/steps.py steps --bucket drgrade-example-bucket --run-date "
            + DS
            + " > submit/emr/steps-example.json");
  }

  @Test
  void emrConfigLeavesCredentialsAndCommitterToEmr() {
    Map<String, String> spark =
        DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), List.of())
            .stringMap("spark.conf");
    // The default AWS credential chain (instance profile or an EMR runtime role), EMR's own
    // committer.
    assertFalse(
        spark.keySet().stream().anyMatch(k -> k.contains("credentials.provider")),
        spark.keySet().toString());
    assertFalse(
        spark.keySet().stream()
            .anyMatch(k -> k.contains("committer") || k.contains("commitProtocol")),
        spark.keySet().toString());
    assertEquals("false", spark.get("spark.speculation"));
    assertFalse(
        spark.keySet().stream().anyMatch(k -> k.contains("access.key") || k.contains("secret")),
        "no keys in config");
    // The driver's container exists before drgrade reads its config in cluster mode (see
    // stages.json).
    assertFalse(
        spark.keySet().stream().anyMatch(k -> k.startsWith("spark.driver.")),
        spark.keySet().toString());
  }

  /**
   * Task-only GPU profile on the GPU executors: Spark 3.5 needs a fixed set of executors for it.
   */
  @Test
  void emrConfigTrainsOnTheExecutorsGpus() {
    DrgradeConfig config =
        DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), List.of());
    Map<String, String> spark = config.stringMap("spark.conf");
    assertEquals("1", spark.get("spark.executor.resource.gpu.amount"));
    assertEquals("false", spark.get("spark.dynamicAllocation.enabled"));
    assertEquals(1, config.positive("train.task-gpus", 0));
  }

  @Test
  void dagRetriesWithBackoffAndEverySensorDefersWithATimeout() {
    JsonNode defaults = dag.get("default_args");
    assertTrue(defaults.get("retries").asInt() > 0);
    assertTrue(defaults.get("retry_exponential_backoff").asBoolean());
    assertTrue(defaults.get("max_retry_delay").asDouble() > defaults.get("retry_delay").asDouble());
    for (String stage : STAGES) {
      JsonNode sensor = task("wait_" + stage).get("args");
      assertTrue(sensor.get("deferrable").asBoolean(), stage);
      assertTrue(sensor.get("execution_timeout").asDouble() > 0, stage);
      assertEquals(
          sensor.get("execution_timeout").asDouble(), sensor.get("timeout").asDouble(), stage);
    }
    assertTrue(
        task("wait_train").at("/args/execution_timeout").asDouble() >= 12 * 3600,
        "training gets hours");
    assertTrue(task("create_cluster").at("/args/job_flow_overrides/Name").asText().endsWith(RUN));
  }

  @Test
  void gpuDiscoveryScriptPrintsSparkResourceJson(@org.junit.jupiter.api.io.TempDir Path bin)
      throws Exception {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\nprintf '0\\n1\\n'\n");
    assertTrue(smi.toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder("bash", "submit/getGpusResources.sh");
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}", output(pb).strip());
  }

  private static List<String> stageNames() {
    List<String> names = new ArrayList<>();
    tasks.forEach(
        t -> {
          String id = t.at("/args/task_id").asText();
          if (id.startsWith("add_")) {
            names.add(id.substring("add_".length()));
          }
        });
    return names;
  }

  private static List<String> stepArgs(String stage) {
    List<String> args = new ArrayList<>();
    task("add_" + stage).at("/args/steps/0/HadoopJarStep/Args").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static JsonNode task(String id) {
    for (JsonNode t : tasks) {
      if (t.at("/args/task_id").asText().equals(id)) {
        return t;
      }
    }
    throw new AssertionError("no task " + id + " in " + DAG);
  }

  private static List<String> downstream(String id) {
    List<String> out = new ArrayList<>();
    task(id).get("downstream").forEach(d -> out.add(d.asText()));
    return out;
  }

  private static boolean pythonPresent() {
    try {
      run("python3", "--version");
      return true;
    } catch (Exception e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("python3 is required with CI=true", e);
      }
      return false;
    }
  }

  /** Runs a command in the repository root and returns its stdout; fails with its stderr. */
  private static String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    // Bytecode caches go under target/, not next to the DAG and steps.py.
    pb.environment().put("PYTHONPYCACHEPREFIX", new File("target/pycache").getAbsolutePath());
    return output(pb);
  }

  private static String output(ProcessBuilder pb) throws IOException, InterruptedException {
    File err = File.createTempFile("drgrade-ops", ".err");
    try {
      Process p = pb.redirectError(err).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      assertEquals(0, exit, String.join(" ", pb.command()) + ": " + Files.readString(err.toPath()));
      return out;
    } finally {
      Files.deleteIfExists(err.toPath());
    }
  }
}
