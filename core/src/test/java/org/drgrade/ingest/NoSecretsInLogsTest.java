package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.drgrade.Side;
import org.drgrade.spark.JavaOpens;
import org.drgrade.spark.SparkSessions;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.S3Server;
import org.drgrade.testing.TestImages;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drgrade ingest` from s3a:// in a child JVM with the default logging, its whole output (stdout
 * and stderr, every log4j line) captured: neither S3 key appears, and INFO lines name images only
 * when they are quarantined.
 */
@IntegrationTest
class NoSecretsInLogsTest {

  @TempDir Path tmp;

  @Test
  void ingestLogsNeitherKeyNorAcceptedImageNames() throws Exception {
    try (S3Server s3 = S3Server.start(tmp)) {
      s3.createBucket("fundus");
      Path local = Files.createDirectories(tmp.resolve("upload"));
      SynthDataset ds = new SynthDataset(11, SizeProfile.parse("small"));
      StringBuilder labels = new StringBuilder("image,level\n");
      List<String> accepted = new ArrayList<>();
      for (long i = 0; i < 3; i++) {
        for (Side side : Side.values()) {
          String name = ds.fileName(i, side);
          TestImages.write(local, name, ds.jpeg(i, side, 90));
          accepted.add(name.substring(0, name.length() - ".jpeg".length()));
        }
        ds.labels(i).forEach(l -> labels.append(l.csvLine()).append('\n'));
      }
      TestImages.write(local, "bad_name.jpeg", TestImages.disc(160, 120, "jpeg"));
      Files.writeString(local.resolve("trainLabels.csv"), labels);
      List<String> overrides = new ArrayList<>(s3.overrides());
      overrides.add("spark.master=\"local[2]\"");
      overrides.add("ingest.test-images=\"\"");
      Configuration hadoop =
          SparkSessions.hadoopConf(TestSpark.config(overrides.toArray(String[]::new)));
      try (FileSystem fs = FileSystem.newInstance(java.net.URI.create("s3a://fundus/"), hadoop)) {
        for (Path f : Files.list(local).toList()) {
          String dir =
              f.getFileName().toString().endsWith(".csv") ? "s3a://fundus/" : "s3a://fundus/train/";
          fs.copyFromLocalFile(
              new org.apache.hadoop.fs.Path(f.toUri()),
              new org.apache.hadoop.fs.Path(dir + f.getFileName()));
        }
      }

      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
      cmd.addAll(JavaOpens.ADD_OPENS);
      cmd.addAll(
          List.of(
              "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
              "-Djdk.reflect.useDirectMethodHandle=false",
              "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
              "-cp",
              System.getProperty("java.class.path"),
              "org.drgrade.cli.Main",
              "ingest"));
      overrides.forEach(o -> cmd.addAll(List.of("--set", o)));
      cmd.addAll(
          List.of(
              "--set",
              "ingest.images=\"s3a://fundus/train\"",
              "--set",
              "ingest.labels=\"s3a://fundus/trainLabels.csv\"",
              "--set",
              "run.output=\"s3a://fundus/runs/r1\""));
      Path log = tmp.resolve("ingest.log");
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = pb.start();
      try {
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "ingest did not finish in 180 s");
      } finally {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String out = Files.readString(log);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("7 files found = 6 accepted + 1 quarantined"), out);
      // The keys reached the child only on its command line; nothing it printed or logged repeats
      // them.
      assertFalse(out.contains(S3Server.SECRET_KEY), "secret key logged:\n" + out);
      assertFalse(out.contains(S3Server.ACCESS_KEY), "access key logged:\n" + out);
      for (String line :
          out.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d INFO .*")).toList()) {
        for (String image : accepted) {
          assertFalse(
              line.contains(image), "an INFO line names accepted image " + image + ": " + line);
        }
      }
      assertTrue(
          out.lines().anyMatch(l -> l.contains("INFO")),
          "default logging prints drgrade's INFO lines:\n" + out);
    }
  }
}
