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
import org.drgrade.spark.SparkSessions;
import org.drgrade.testing.IntegrationTest;
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
 * record its tasks and run the tasks that call EMR against a fake EMR client recording each call,
 * so the checks read the cluster and steps a DAG run really asks EMR for, retries included.
 */
@IntegrationTest
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
      List.of("smoke", "ingest", "preprocess", "train", "predict", "blend", "decide", "report");
  private static final String LIBTORCH_ZIP = "libtorch-cxx11-abi-shared-with-deps-2.7.1+cu128.zip";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A DAG run with the default params, each task run once. */
  private static JsonNode defaultRun;

  private static JsonNode tasks;
  private static JsonNode dag;

  @BeforeAll
  static void extractDag() throws Exception {
    assumeTrue(
        pythonPresent(),
        "python3 not found: the deployment checks need it (CI=true makes this a failure)");
    defaultRun = dagRun(1);
    tasks = defaultRun.get("tasks");
    dag = defaultRun.get("dag");
  }

  /** Imports the DAG, runs its EMR-calling tasks {@code attempts} times each with these params. */
  private static JsonNode dagRun(int attempts, String... params) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                "core/src/test/resources/org/drgrade/ops/extract_dag.py",
                DAG,
                "--ds",
                DS,
                "--run-id",
                RUN_ID,
                "--bucket",
                BUCKET,
                "--attempts",
                String.valueOf(attempts)));
    for (String param : params) {
      command.add("--param");
      command.add(param);
    }
    return JSON.readTree(run(command.toArray(String[]::new)));
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
    JsonNode cluster = clusterRequest(defaultRun);
    assertTrue(
        cluster.at("/ReleaseLabel").asText().matches("emr-7\\.1[1-3]\\.0"),
        "an EMR 7 release with Spark 3.5.6, the build's");
    assertEquals(
        "s3://" + BUCKET + "/drgrade/bootstrap-gpu.sh",
        cluster.at("/BootstrapActions/0/ScriptBootstrapAction/Path").asText());
    assertEquals(1, cluster.get("BootstrapActions").size(), "no libtorch for the dl4j engine");
    assertEquals("drgrade " + RUN, cluster.get("Name").asText());
    assertEquals(
        List.of("CORE g4dn.2xlarge x2"), coreGroups(cluster), "the params' defaults: 2 T4 nodes");
  }

  /** The GPU smoke test runs first, on the same executors and engine as training. */
  @Test
  void firstStepIsTheGpuSmokeTest() {
    JsonNode first = calls(defaultRun, "AddJobFlowSteps").get(0);
    assertEquals("drgrade smoke " + RUN, first.at("/Steps/0/Name").asText());
    List<String> args = stepArgs("smoke");
    int jar = args.indexOf("s3://" + BUCKET + "/drgrade/drgrade-cluster.jar");
    assertEquals("smoke", args.get(jar + 1));
    assertEquals(
        "CANCEL_AND_WAIT",
        first.at("/Steps/0/ActionOnFailure").asText(),
        "a failed smoke test cancels what is queued after it");
  }

  @TestFactory
  Stream<DynamicTest> everyStepIsADrgradeCommandWithKnownConfigKeys() {
    return STAGES.stream()
        .map(
            stage ->
                DynamicTest.dynamicTest(
                    stage,
                    () -> {
                      JsonNode step = stepRequest(defaultRun, stage).get("HadoopJarStep");
                      assertEquals("command-runner.jar", step.get("Jar").asText());
                      List<String> args = stepArgs(stage);
                      assertEquals("spark-submit", args.get(0));
                      assertEquals("cluster", args.get(args.indexOf("--deploy-mode") + 1));
                      assertEquals(Main.class.getName(), args.get(args.indexOf("--class") + 1));
                      int jar = args.indexOf("s3://" + BUCKET + "/drgrade/drgrade-cluster.jar");
                      assertTrue(jar > 0, "jar from the run's bucket: " + args);
                      String[] drgrade = args.subList(jar + 1, args.size()).toArray(String[]::new);

                      CommandLine cli = Main.commandLine();
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
                      assertEquals(sets(args), overrides);
                      DrgradeConfig loaded =
                          DrgradeConfig.load(
                              Optional.of(new File("conf", config.getName())), overrides);
                      assertEquals(
                          "s3a://" + BUCKET + "/runs/" + RUN,
                          loaded.string("run.output"),
                          "outputs under the run date and the run id: two runs of one day never share a prefix");
                      assertEquals(
                          "200",
                          sparkConf(args, "spark.yarn.appMasterEnv.BACKEND_PRIORITY_CPU"),
                          "the driver (no GPU in cluster mode) on ND4J's CPU backend");
                    }));
  }

  /** Executors and workers follow the node count; engine and region the params; each step. */
  @Test
  void paramsChooseTheEngineTheNodesAndTheRegionOfEveryStep() throws Exception {
    JsonNode torch =
        dagRun(
            1,
            "engine=torch",
            "core_instance_type=g5.2xlarge",
            "core_instance_count=3",
            "region=eu-west-1");
    JsonNode cluster = clusterRequest(torch);
    assertEquals(List.of("CORE g5.2xlarge x3"), coreGroups(cluster));
    List<String> scripts = new ArrayList<>();
    cluster
        .get("BootstrapActions")
        .forEach(b -> scripts.add(b.at("/ScriptBootstrapAction/Path").asText()));
    assertEquals(
        List.of(
            "s3://" + BUCKET + "/drgrade/bootstrap-gpu.sh",
            "s3://" + BUCKET + "/drgrade/bootstrap-libtorch.sh"),
        scripts,
        "the torch engine gets its CUDA libtorch");
    assertEquals(
        "s3://" + BUCKET + "/drgrade/" + LIBTORCH_ZIP,
        cluster.at("/BootstrapActions/1/ScriptBootstrapAction/Args/0").asText());
    for (String stage : STAGES) {
      List<String> args = stepArgs(torch, stage);
      assertEquals("3", sparkConf(args, "spark.executor.instances"), stage);
      DrgradeConfig loaded =
          DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), sets(args));
      assertEquals("torch", loaded.string("train.engine"), stage);
      assertEquals(3, loaded.positive("train.workers", 0), stage + ": one worker per GPU");
      assertEquals("eu-west-1", loaded.string("s3.region"), stage);
    }
    for (String stage : STAGES) {
      List<String> args = stepArgs(stage);
      assertEquals("2", sparkConf(args, "spark.executor.instances"), stage);
      DrgradeConfig loaded =
          DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), sets(args));
      assertEquals("dl4j", loaded.string("train.engine"), stage);
      assertEquals(2, loaded.positive("train.workers", 0), stage);
      assertEquals("", loaded.string("s3.region"), stage + ": no region unless the run asks");
    }
  }

  /** One executor per node with one GPU each: a multi-GPU type stops before any cluster starts. */
  @Test
  void multiGpuInstanceTypeStopsBeforeCreatingACluster() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "python3",
            "core/src/test/resources/org/drgrade/ops/extract_dag.py",
            DAG,
            "--ds",
            DS,
            "--run-id",
            RUN_ID,
            "--bucket",
            BUCKET,
            "--param",
            "core_instance_type=g5.12xlarge");
    pb.environment().put("PYTHONPYCACHEPREFIX", new File("target/pycache").getAbsolutePath());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor() != 0, out);
    assertTrue(out.contains("4 GPUs per node"), out);
    assertFalse(out.contains("RunJobFlow"), out);
  }

  /**
   * A retry after a call that reached AWS: create_cluster and every add_* run twice, as after a
   * worker lost between the call and recording its result. One cluster, one step per stage, and the
   * retries return what the first attempts created.
   */
  @Test
  void retriedCreateAndAddStartOneClusterAndOneStepPerStage() throws Exception {
    JsonNode retried = dagRun(2);
    assertEquals(1, calls(retried, "RunJobFlow").size(), "a retry must not start a second cluster");
    assertEquals(
        STAGES.size(),
        calls(retried, "AddJobFlowSteps").size(),
        "a retry must not queue a stage twice");
    JsonNode created = retried.at("/results/create_cluster");
    assertEquals(created.get(0), created.get(1));
    // The fake account holds another run's active cluster (j-FAKE1) and this run's terminated one.
    assertFalse(
        List.of("j-FAKE1", "j-FAKE2").contains(created.get(0).asText()), created.toString());
    for (String stage : STAGES) {
      JsonNode added = retried.at("/results/add_" + stage);
      assertEquals(added.get(0), added.get(1), stage);
    }
    assertEquals(
        created.get(0).asText(),
        calls(retried, "TerminateJobFlows").get(0).at("/JobFlowIds/0").asText(),
        "the teardown terminates the run's cluster");
  }

  @TestFactory
  Stream<DynamicTest> clusterWrapperRunsTheDagsArguments() {
    return STAGES.stream()
        .map(
            stage ->
                DynamicTest.dynamicTest(
                    stage,
                    () -> {
                      ProcessBuilder pb =
                          new ProcessBuilder(
                              "bash",
                              "submit/drgrade-cluster",
                              "--dry-run",
                              "--stage",
                              stage,
                              "--run-date",
                              RUN,
                              "--bucket",
                              BUCKET);
                      // The defaults, as the DAG's params.
                      pb.environment().keySet().removeIf(k -> k.startsWith("DRGRADE_"));
                      pb.environment()
                          .put("PYTHONPYCACHEPREFIX", new File("target/pycache").getAbsolutePath());
                      assertEquals(stepArgs(stage), output(pb).lines().toList());
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
  void emrConfigLeavesCredentialsAndRegionToTheNodes() {
    DrgradeConfig config =
        DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), List.of());
    Map<String, String> spark = config.stringMap("spark.conf");
    // The default AWS credential chain (instance profile or an EMR runtime role); the committer
    // is the cluster's (configurations.json), for every job alike.
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
    // Empty: S3A asks the AWS SDK's region chain (on EMR, the node's own region).
    assertEquals(
        "", SparkSessions.s3a(config).get("spark.hadoop.fs.s3a.endpoint.region"), "no region");
  }

  /** AWS's "S3A MagicV2 Committer" page: off unless these four are set. */
  @Test
  void clusterSwitchesOnTheMagicV2Committer() throws Exception {
    JsonNode configurations = JSON.readTree(new File("submit/emr/configurations.json"));
    Map<String, String> coreSite = new java.util.TreeMap<>();
    configurations.forEach(
        c -> {
          if (c.get("Classification").asText().equals("core-site")) {
            c.get("Properties")
                .fields()
                .forEachRemaining(e -> coreSite.put(e.getKey(), e.getValue().asText()));
          }
        });
    assertEquals(
        Map.of(
            "mapreduce.outputcommitter.factory.scheme.s3a",
            "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
            "fs.s3a.committer.magic.enabled",
            "true",
            "fs.s3a.committer.name",
            "magicv2",
            "fs.s3a.committer.magic.track.commits.in.memory.enabled",
            "true"),
        coreSite);
    assertEquals(configurations, clusterRequest(defaultRun).get("Configurations"));
  }

  /**
   * Task-only GPU profile on the GPU executors: Spark 3.5 needs a fixed set of executors for it,
   * which the steps give (the node count), not the config file.
   */
  @Test
  void emrConfigTrainsOnTheExecutorsGpus() {
    DrgradeConfig config =
        DrgradeConfig.load(Optional.of(new File("conf/emr-gpu.conf")), List.of());
    Map<String, String> spark = config.stringMap("spark.conf");
    assertEquals("1", spark.get("spark.executor.resource.gpu.amount"));
    assertEquals("false", spark.get("spark.dynamicAllocation.enabled"));
    assertFalse(
        spark.containsKey("spark.executor.instances"),
        "drgrade's spark.conf wins over spark-submit's --conf: the count must come from the step");
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
      // Deferred, EmrStepSensor polls max_attempts times (the provider's default: 60),
      // poke_interval
      // apart, and then fails whatever its timeout says.
      double deferred =
          sensor.path("max_attempts").asInt(60) * sensor.get("poke_interval").asDouble();
      assertTrue(
          deferred >= sensor.get("timeout").asDouble(),
          stage + ": the trigger gives up after " + deferred + " s");
    }
    assertTrue(
        task("wait_train").at("/args/timeout").asDouble() >= 24 * 3600, "training gets a day");
  }

  /**
   * The documented recipe (docs/deploy.md) is the DAG's: same release, bootstrap actions,
   * configurations, steps.
   */
  @Test
  void documentedRecipeIsTheDags() throws Exception {
    String readme = Files.readString(Path.of("docs/deploy.md"));
    String recipe =
        readme.substring(
            readme.indexOf("## Run on EMR"),
            readme.indexOf("\n## ", readme.indexOf("## Run on EMR") + 1));
    JsonNode cluster = clusterRequest(defaultRun);
    assertTrue(recipe.contains("--release-label " + cluster.get("ReleaseLabel").asText()), recipe);
    assertTrue(recipe.contains("steps.py bootstrap"), "bootstrap actions from stages.json");
    assertTrue(recipe.contains("--configurations file://submit/emr/configurations.json"));
    assertTrue(
        recipe.contains(
            "IdleTimeout=" + cluster.at("/AutoTerminationPolicy/IdleTimeout").asText()));
    assertTrue(recipe.contains("steps.py steps"), "steps from stages.json");
    for (String param : List.of("--engine", "--instance-type", "--instance-count", "--region")) {
      assertTrue(recipe.contains(param), param);
    }
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

  /** The requests of one kind of EMR call a DAG run made, in order. */
  private static List<JsonNode> calls(JsonNode dagRun, String op) {
    List<JsonNode> out = new ArrayList<>();
    dagRun
        .get("calls")
        .forEach(
            c -> {
              if (c.get("op").asText().equals(op)) {
                out.add(c.get("request"));
              }
            });
    return out;
  }

  private static JsonNode clusterRequest(JsonNode dagRun) {
    List<JsonNode> created = calls(dagRun, "RunJobFlow");
    assertEquals(1, created.size(), "RunJobFlow calls");
    return created.get(0);
  }

  private static List<String> coreGroups(JsonNode cluster) {
    List<String> out = new ArrayList<>();
    cluster
        .at("/Instances/InstanceGroups")
        .forEach(
            g -> {
              if (g.get("InstanceRole").asText().equals("CORE")) {
                out.add(
                    "CORE "
                        + g.get("InstanceType").asText()
                        + " x"
                        + g.get("InstanceCount").asInt());
              }
            });
    return out;
  }

  /** The step a DAG run added for a stage (by its name, which holds the run). */
  private static JsonNode stepRequest(JsonNode dagRun, String stage) {
    for (JsonNode added : calls(dagRun, "AddJobFlowSteps")) {
      for (JsonNode step : added.get("Steps")) {
        if (step.get("Name").asText().equals("drgrade " + stage + " " + RUN)) {
          return step;
        }
      }
    }
    throw new AssertionError("no step for " + stage + " in " + dagRun.get("calls"));
  }

  private static List<String> stepArgs(String stage) {
    return stepArgs(defaultRun, stage);
  }

  private static List<String> stepArgs(JsonNode dagRun, String stage) {
    List<String> args = new ArrayList<>();
    stepRequest(dagRun, stage).at("/HadoopJarStep/Args").forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The drgrade --set overrides of a step, in order. */
  private static List<String> sets(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--set")) {
        out.add(args.get(i + 1));
      }
    }
    return out;
  }

  /** A spark-submit --conf value of a step; "" if none. */
  private static String sparkConf(List<String> args, String key) {
    return args.stream()
        .filter(a -> a.startsWith(key + "="))
        .map(a -> a.substring(a.indexOf('=') + 1))
        .findFirst()
        .orElse("");
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
