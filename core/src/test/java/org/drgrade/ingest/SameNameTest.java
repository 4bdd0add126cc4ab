package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.testing.SharedData;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clinics' different photographs under one file name: both are graded under their folder's
 * name, eyes pair within a folder, a copy is told by its bytes, and a labels file that cannot tell
 * the two apart says so.
 */
class SameNameTest {
  @TempDir Path tmp;

  /**
   * clinicA: 10_left, 10_right; clinicB: another photograph as 10_left; clinicC: a byte copy of
   * clinicA's 10_left, and 13_left (a name no one else has).
   */
  private Path clinics() throws Exception {
    Path sample = SharedData.fundus("eyepacs-sample");
    Path root = tmp.resolve("clinics");
    copy(sample.resolve("10_left.jpeg"), root.resolve("clinicA/10_left.jpeg"));
    copy(sample.resolve("10_right.jpeg"), root.resolve("clinicA/10_right.jpeg"));
    copy(sample.resolve("15_left.jpeg"), root.resolve("clinicB/10_left.jpeg"));
    copy(sample.resolve("10_left.jpeg"), root.resolve("clinicC/10_left.jpeg"));
    copy(sample.resolve("13_left.jpeg"), root.resolve("clinicC/13_left.jpeg"));
    return root;
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }

  private Map<String, List<Object>> ingest(Path root, String labels, String out) throws Exception {
    List<String> labelFiles =
        labels == null
            ? List.of()
            : List.of(Files.writeString(tmp.resolve(out + ".csv"), labels).toUri().toString());
    String output = tmp.resolve(out).toUri().toString();
    new IngestStage(TestSpark.session())
        .run(
            new IngestConfig(
                List.of(root.toUri().toString()),
                List.of(),
                labelFiles,
                List.of("jpeg"),
                100_000_000L,
                output),
            false);
    SparkSession spark = TestSpark.session();
    Map<String, List<Object>> byPath = new TreeMap<>();
    for (Row r : spark.read().parquet(output + "/images").collectAsList()) {
      byPath.put(
          relative(root, r.getAs("path")),
          List.of(r.getAs("image"), r.getAs("patient"), r.getAs("side")));
    }
    for (Row r : spark.read().parquet(output + "/quarantine").collectAsList()) {
      if (r.getAs("kind").equals("file")) {
        byPath.put(
            relative(root, r.getAs("path")),
            java.util.Arrays.asList(r.getAs("reason"), r.getAs("detail")));
      }
    }
    return byPath;
  }

  private static String relative(Path root, String path) {
    return root.relativize(Path.of(new org.apache.hadoop.fs.Path(path).toUri().getPath()))
        .toString();
  }

  @Test
  void differentImagesOfOneNameAreBothGradedUnderTheirFolderAndACopyIsToldByItsBytes()
      throws Exception {
    Path root = clinics();
    Map<String, List<Object>> graded = ingest(root, null, "unlabelled");
    assertEquals(
        List.of("clinicA/10_left", "clinicA/10", "left"), graded.get("clinicA/10_left.jpeg"));
    assertEquals(
        List.of("clinicA/10_right", "clinicA/10", "right"),
        graded.get("clinicA/10_right.jpeg"),
        "the partner of a renamed eye is renamed with it, so the two still pair");
    assertEquals(
        List.of("clinicB/10_left", "clinicB/10", "left"), graded.get("clinicB/10_left.jpeg"));
    assertEquals(
        List.of("13_left", "13", "left"),
        graded.get("clinicC/13_left.jpeg"),
        "a name no other image has keeps it");
    List<Object> copy = graded.get("clinicC/10_left.jpeg");
    assertEquals("DUPLICATE_IMAGE", copy.get(0));
    assertTrue(
        ((String) copy.get(1)).matches("the same bytes as .*/clinics/clinicA/10_left.jpeg"),
        copy.toString());
    assertEquals(5, graded.size(), "every file graded or quarantined: " + graded);
  }

  @Test
  void aLabelsFileThatCannotTellThemApartQuarantinesWithAReasonThatSaysSo() throws Exception {
    Path root = clinics();
    Map<String, List<Object>> bare =
        ingest(root, "image,level\n10_left,2\n10_right,1\n13_left,0\n", "bare");
    for (String clinic : List.of("clinicA", "clinicB")) {
      List<Object> v = bare.get(clinic + "/10_left.jpeg");
      assertEquals("LABEL_AMBIGUOUS", v.get(0), v.toString());
      String detail = (String) v.get(1);
      assertTrue(
          detail.startsWith("label row '10_left' (") && detail.contains("bare.csv:2"), detail);
      assertTrue(
          detail.contains("clinicA/10_left.jpeg, ")
              && detail.contains("clinicB/10_left.jpeg")
              && detail.endsWith("this one as '" + clinic + "/10_left'"),
          detail);
    }
    assertEquals(
        List.of("clinicA/10_right", "clinicA/10", "right"),
        bare.get("clinicA/10_right.jpeg"),
        "10_right names one image only: its row applies");
    assertEquals(List.of("13_left", "13", "left"), bare.get("clinicC/13_left.jpeg"));

    // Rows named by folder tell them apart: both are accepted with their own grade.
    Map<String, List<Object>> named =
        ingest(
            root,
            "image,level\nclinicA/10_left,2\nclinicB/10_left.jpeg,4\n10_right,1\n13_left,0\n",
            "named");
    assertEquals(
        List.of("clinicA/10_left", "clinicA/10", "left"), named.get("clinicA/10_left.jpeg"));
    assertEquals(
        List.of("clinicB/10_left", "clinicB/10", "left"), named.get("clinicB/10_left.jpeg"));
    Map<String, Integer> levels = new TreeMap<>();
    TestSpark.session()
        .read()
        .parquet(tmp.resolve("named").toUri() + "/images")
        .collectAsList()
        .forEach(r -> levels.put(r.getAs("image"), r.getAs("level")));
    assertEquals(
        Map.of("clinicA/10_left", 2, "clinicB/10_left", 4, "clinicA/10_right", 1, "13_left", 0),
        levels);
    long orphans =
        TestSpark.session()
            .read()
            .parquet(tmp.resolve("named").toUri() + "/quarantine")
            .filter("kind = 'label'")
            .count();
    assertEquals(0, orphans, "rows named by folder found their images");
  }

  @Test
  void folderNamesAreRelativeToTheFolderAllShare() {
    List<FolderNames.Named> named =
        FolderNames.qualify(
            List.of(
                new FolderNames.File(
                    "s3a://b/x/clinicA/406_left.jpeg", "406_left.jpeg", "406_left", "406"),
                new FolderNames.File(
                    "s3a://b/x/clinicA/406_left.png", "406_left.png", "406_left", "406"),
                new FolderNames.File(
                    "s3a://b/x/clinicB/2026/406_left.jpeg", "406_left.jpeg", "406_left", "406")));
    assertEquals(
        List.of(
            new FolderNames.Named(
                "s3a://b/x/clinicA/406_left.jpeg", "clinicA/406_left.jpeg", "clinicA/406"),
            new FolderNames.Named(
                "s3a://b/x/clinicA/406_left.png", "clinicA/406_left.png", "clinicA/406"),
            new FolderNames.Named(
                "s3a://b/x/clinicB/2026/406_left.jpeg",
                "clinicB/2026/406_left",
                "clinicB/2026/406")),
        named,
        "one stem twice in one folder keeps its extension: two views of one eye of one patient");
  }
}
