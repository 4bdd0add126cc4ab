package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.drgrade.Side;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.spark.SparkSessions;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.S3Server;
import org.drgrade.testing.TestImages;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drgrade ingest` on s3a:// URIs (keys with spaces, #, %, + and non-ASCII letters among them)
 * through hadoop-aws against a real S3-compatible server on loopback.
 */
@IntegrationTest
class S3IngestTest {
  @TempDir Path tmp;

  @Test
  void ingestsFromS3AndWritesItsOutputsBack() throws Exception {
    try (S3Server s3 = S3Server.start(tmp)) {
      s3.createBucket("fundus");
      // Upload through S3A itself, so both directions of hadoop-aws are exercised.
      Path local = Files.createDirectories(tmp.resolve("upload"));
      // Generated fundus images (the embedded default's generator) for two patients, plus one badly
      // named file.
      SynthDataset ds = new SynthDataset(11, SizeProfile.parse("small"));
      StringBuilder labels = new StringBuilder("image,level\n");
      for (long i = 0; i < 2; i++) {
        for (Side side : Side.values()) {
          TestImages.write(local, ds.fileName(i, side), ds.jpeg(i, side, 90));
        }
        ds.labels(i).forEach(l -> labels.append(l.csvLine()).append('\n'));
      }
      TestImages.write(local, "Patient001_L.jpeg", TestImages.disc(160, 120, "jpeg"));
      labels.append("Patient001_L,2\n");
      // Named by an id only: a one-eye patient; no label row, so LABEL_MISSING (not BAD_NAME).
      TestImages.write(local, "scan_0001.jpeg", TestImages.disc(160, 120, "jpeg"));
      // Keys as clinical exports name files: each must be opened by the key the listing returned.
      for (String awkward :
          List.of(
              "304 left.jpeg",
              "305_left #2.jpeg",
              "9%20_right.jpeg",
              "10+1_left.jpeg",
              "Œil_11_left.jpeg")) {
        TestImages.write(local, awkward, TestImages.disc(160, 120, "jpeg"));
        labels.append(ImageName.stem(awkward)).append(",1\n");
      }
      Files.writeString(local.resolve("trainLabels.csv"), labels);
      List<String> overrides = new ArrayList<>(s3.overrides());
      overrides.add("spark.master=\"local[2]\"");
      overrides.add(
          "ingest.test-images=\"\""); // conf/local.conf points it at generated data; not part of
      // this test
      Configuration hadoop =
          SparkSessions.hadoopConf(TestSpark.config(overrides.toArray(String[]::new)));
      FileSystem fs = FileSystem.newInstance(java.net.URI.create("s3a://fundus/"), hadoop);
      for (Path f : Files.list(local).toList()) {
        String dir =
            f.getFileName().toString().endsWith(".csv") ? "s3a://fundus/" : "s3a://fundus/train/";
        // Written through a stream: copyFromLocalFile cannot relativise a local URI with non-ASCII
        // letters.
        try (var out = fs.create(new org.apache.hadoop.fs.Path(dir + f.getFileName()))) {
          Files.copy(f, out);
        }
      }

      // A clean JVM-wide Spark state: the command builds its own session from the config, as a
      // user's run does.
      SparkSession.getDefaultSession()
          .foreach(
              s -> {
                s.stop();
                return null;
              });
      List<String> args = new ArrayList<>(List.of("ingest"));
      overrides.forEach(o -> args.addAll(List.of("--set", o)));
      args.addAll(
          List.of(
              "--set",
              "ingest.images=\"s3a://fundus/train\"",
              "--set",
              "ingest.labels=\"s3a://fundus/trainLabels.csv\"",
              "--set",
              "run.output=\"s3a://fundus/runs/r1\""));
      String printed = Drgrade.run(args);
      assertTrue(printed.contains("11 files found = 10 accepted + 1 quarantined"), printed);
      assertFalse(printed.contains(S3Server.SECRET_KEY));

      HadoopFiles files = new HadoopFiles(hadoop);
      assertTrue(files.exists("s3a://fundus/runs/r1/ingest/_SUCCESS"));
      IngestSummary summary =
          Json.parse(
              files.readText(HadoopFiles.join("s3a://fundus/runs/r1/ingest", Stage.SUMMARY)),
              IngestSummary.class);
      assertEquals(10, summary.accepted());
      assertEquals(
          java.util.Map.of("LABEL_MISSING", 1L),
          summary.quarantineByReason(),
          "no key is UNREADABLE");
      assertTrue(
          fs.exists(new org.apache.hadoop.fs.Path("s3a://fundus/runs/r1/ingest/images/_SUCCESS")));
      fs.close();
    }
  }
}
