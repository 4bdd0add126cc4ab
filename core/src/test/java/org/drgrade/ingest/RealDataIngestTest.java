package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.testing.SharedData;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All of ../shared/data ingests cleanly, with MANIFEST's patient, side, level and size: the 3,108
 * graded images with their labels files, and the 16 unlabelled APTOS images, named by an id only,
 * as one-eye test patients.
 */
class RealDataIngestTest {
  @TempDir Path tmp;

  @Test
  void allRealImagesIngestWithoutQuarantine() throws Exception {
    Path data = SharedData.root();
    List<String> folders =
        List.of(
            "eyepacs-sample",
            "eyepacs-fullres",
            "srahim-dr",
            "eyepacs-256-preprocessed",
            "eyepacs-256-extra");
    String aptos = "aptos-test-unlabelled";
    SparkSession spark = TestSpark.session();
    String out = tmp.resolve("out").toUri().toString();
    IngestSummary summary =
        new IngestStage(spark)
            .run(
                new IngestConfig(
                    folders.stream()
                        .map(f -> data.resolve("fundus").resolve(f).toUri().toString())
                        .toList(),
                    List.of(data.resolve("fundus").resolve(aptos).toUri().toString()),
                    folders.stream().map(f -> SharedData.labels(f).toUri().toString()).toList(),
                    List.of("jpeg", "jpg", "png"),
                    100_000_000L,
                    out));

    assertEquals(3124, summary.filesFound());
    assertEquals(3124, summary.accepted());
    assertEquals(16, summary.unlabelled());
    assertEquals(0, spark.read().parquet(out + "/quarantine").count());

    // MANIFEST.csv: file,source,image,patient,side,level,width,height,...
    Map<String, String> manifest =
        Files.readAllLines(data.resolve("MANIFEST.csv")).stream()
            .skip(1)
            .map(l -> l.split(","))
            .filter(f -> folders.contains(f[1]) || f[1].equals(aptos))
            .collect(
                Collectors.toMap(
                    f -> f[2],
                    f ->
                        f[1].equals(aptos)
                            ? String.join(
                                "|", f[2], "unknown", "null", f[6],
                                f[7]) // no patient or side in the name: a one-eye patient
                            : String.join("|", f[3], f[4], f[5], f[6], f[7])));
    Map<String, String> ingested =
        spark.read().parquet(out + "/images").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("image"), RealDataIngestTest::identity));
    assertEquals(manifest, ingested);
  }

  private static String identity(Row r) {
    return String.join(
        "|",
        r.<String>getAs("patient"),
        r.<String>getAs("side"),
        String.valueOf(r.<Integer>getAs("level")),
        String.valueOf(r.<Integer>getAs("width")),
        String.valueOf(r.<Integer>getAs("height")));
  }
}
