package org.drgrade.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.drgrade.cli.Main;
import org.drgrade.spark.LocalStandaloneCluster;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real multi-JVM Spark standalone cluster (a master and two workers on loopback):
 * closures, broadcasts and Kryo-serialised data really cross process boundaries, which local mode
 * hides. One executor is killed during training; the run must still complete, with outputs of the
 * same kind and count as a local-mode run on the same data.
 */
@IntegrationTest
class StandaloneClusterTest {
  private static final String[] TABLES = {
    "ingest/images",
    "preprocess/manifest",
    "train/metrics",
    "predict/predictions",
    "blend/predictions",
    "decide/rules"
  };

  @TempDir Path tmp;

  private int run(String master, Path out, String... extra) {
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--set",
                "spark.master=\"" + master + "\"",
                "--set",
                "synth.output=\"" + tmp.resolve("synth") + "\"",
                "--set",
                "run.output=\"" + out + "\"",
                "--set",
                "synth.patients=16",
                "--set",
                "synth.test-patients=2",
                "--set",
                "train.epochs=3",
                // The torch engine here (its own parameter averaging across executor JVMs, one of
                // them killed mid-training); DL4J's cluster path is YarnClusterTest's.
                "--set",
                "train.engine=torch",
                "--set",
                "predict.checkpoints=2",
                "--set",
                "predict.augmentations=2",
                "--set",
                "blend.folds=2",
                "--set",
                "spark.conf.\"spark.ui.enabled\"=false"));
    args.addAll(List.of(extra));
    return Main.execute(args.toArray(String[]::new));
  }

  @Test
  void pipelineCompletesOnAClusterDespiteALostExecutor() throws Exception {
    Path local = tmp.resolve("local");
    assertEquals(0, run("local[2]", local));

    Path clustered = tmp.resolve("cluster-run");
    AtomicBoolean killed = new AtomicBoolean();
    try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(tmp.resolve("cluster"), 2)) {
      Thread killer =
          new Thread(
              () -> {
                // Training has started once the split is saved; then take one executor away.
                Path split = clustered.resolve("train/split/_SUCCESS");
                try {
                  while (!Files.exists(split)) {
                    Thread.sleep(200);
                  }
                  Thread.sleep(1500);
                  killed.set(LocalStandaloneCluster.killOneExecutor());
                } catch (InterruptedException stop) {
                  Thread.currentThread().interrupt();
                }
              },
              "executor-killer");
      killer.setDaemon(true);
      killer.start();
      List<String> settings = new ArrayList<>(cluster.drgradeSettings());
      settings.addAll(List.of("--set", "spark.conf.\"spark.task.maxFailures\"=8"));
      int exit = run(cluster.masterUrl(), clustered, settings.toArray(String[]::new));
      killer.interrupt();
      assertEquals(0, exit, "the clustered run completes");
    }
    assertTrue(killed.get(), "an executor was killed during training");

    SparkSession spark = TestSpark.session();
    for (String table : TABLES) {
      var a = spark.read().parquet(local.resolve(table).toString());
      var b = spark.read().parquet(clustered.resolve(table).toString());
      assertEquals(a.schema(), b.schema(), table + ": same kind of output");
      assertEquals(a.count(), b.count(), table + ": same number of rows");
    }
    assertEquals(
        Files.readAllLines(local.resolve("decide/submission.csv")).size(),
        Files.readAllLines(clustered.resolve("decide/submission.csv")).size());
    for (String stage : List.of("ingest", "preprocess", "train", "predict", "blend", "decide")) {
      assertTrue(Files.exists(clustered.resolve(stage).resolve("_SUCCESS")), stage + " completed");
    }
  }
}
