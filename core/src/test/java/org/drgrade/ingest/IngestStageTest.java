package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.testing.TestImages;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on a folder with one planted file per quarantine reason next to good images. */
class IngestStageTest {
  @TempDir Path tmp;

  @Test
  void everyFileIsAcceptedOrQuarantinedWithItsReason() throws Exception {
    Path images = tmp.resolve("images");
    byte[] good = TestImages.disc(200, 150, "jpg");
    Map<String, String> expected = new HashMap<>(); // relative path -> reason ("" = accepted)
    for (int p = 1; p <= 4; p++) {
      for (String side : List.of("left", "right")) {
        plant(images, p + "_" + side + ".jpeg", good, "", expected);
      }
    }
    plant(images, "Patient007_L.jpg", TestImages.disc(120, 100, "jpg"), "", expected);
    plant(images, "Patient007-R.png", TestImages.disc(120, 100, "png"), "", expected);
    plant(images, "901_left.jpeg", new byte[0], "EMPTY_FILE", expected);
    plant(
        images,
        "902_left.jpeg",
        "not an image\n".getBytes(StandardCharsets.UTF_8),
        "NOT_AN_IMAGE",
        expected);
    plant(images, "903_left.jpeg", Arrays.copyOf(good, good.length / 2), "TRUNCATED", expected);
    plant(images, "908_left.jpeg", Arrays.copyOf(good, 12), "CORRUPT_HEADER", expected);
    plant(images, "909_left.png", TestImages.pngDeclaring(60000, 60000), "TOO_LARGE", expected);
    plant(
        images,
        "notes.txt",
        "hello".getBytes(StandardCharsets.UTF_8),
        "UNSUPPORTED_TYPE",
        expected);
    plant(
        images,
        "scan.jpeg",
        good,
        "LABEL_MISSING",
        expected); // an id-only name is a one-eye patient
    plant(images, " .jpeg", good, "BAD_NAME", expected); // a blank name cannot be an id
    // Names as clinical exports write them: spaces, #, %, + and non-ASCII letters (labels below).
    List<String> awkward =
        List.of(
            "7 left.jpeg",
            "8_left #2.jpeg",
            "9%20_right.jpeg",
            "10+1_left.jpeg",
            "Œil_11_left.jpeg");
    for (String name : awkward) {
      plant(images, name, good, "", expected);
    }
    // Every format OpenCV decodes, by its own extension, and a JPEG with a camera's trailing bytes.
    List<String> formats =
        List.of("12_left.tif", "12_right.tiff", "13_left.bmp", "13_right.webp", "15_left.jpeg");
    plant(images, "12_left.tif", TestImages.disc(200, 150, "tif"), "", expected);
    plant(images, "12_right.tiff", TestImages.disc(200, 150, "tif"), "", expected);
    plant(images, "13_left.bmp", TestImages.disc(200, 150, "bmp"), "", expected);
    plant(images, "13_right.webp", TestImages.disc(200, 150, "webp"), "", expected);
    byte[] trailing = Arrays.copyOf(good, good.length + 4096);
    trailing[good.length + 100] = 42;
    plant(images, "15_left.jpeg", trailing, "", expected);
    var gif = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED),
        "gif",
        gif);
    plant(images, "14_left.jpeg", gif.toByteArray(), "UNSUPPORTED_FORMAT", expected);
    // Byte-identical copies: the first path is graded, the other names it.
    plant(images, "a/904_left.jpeg", good, "", expected);
    plant(images, "b/904_left.jpeg", good, "DUPLICATE_IMAGE", expected);
    plant(images, "905_left.jpeg", good, "LABEL_MISSING", expected);
    plant(images, "906_left.jpeg", good, "LABEL_INVALID", expected);
    plant(images, "906_right.jpeg", good, "LABEL_OUT_OF_RANGE", expected);
    plant(images, "907_left.jpeg", good, "LABEL_CONFLICT", expected);
    plant(images, "907_right.jpeg", good, "", expected);
    Files.createDirectories(
        images.resolve("910_left.jpeg")); // a directory named like an image is not a file
    Path test = tmp.resolve("test");
    plant(
        test,
        "950_left.jpeg",
        good,
        "",
        new HashMap<>()); // unlabelled test image: accepted, level null

    String labels =
        "image,level\n1_left,0\n1_right,1\n2_left,2\n2_right,2\n3_left,3\n3_right,4\n4_left,0\n4_right,0\n"
            + "Patient007_L,1\nPatient007-R,0\n904_left,1\n906_left,abc\n906_right,7\n907_left,1\n907_left,3\n"
            + "907_right,2\n907_right,2\n999_left,0\n14_left,1\n"
            + Stream.concat(awkward.stream(), formats.stream())
                .map(f -> ImageName.stem(f) + ",1\n")
                .collect(Collectors.joining());
    Path labelsFile = Files.writeString(tmp.resolve("trainLabels.csv"), labels);

    SparkSession spark = TestSpark.session();
    String out = tmp.resolve("out").toUri().toString();
    IngestSummary summary =
        new IngestStage(spark)
            .run(
                new IngestConfig(
                    List.of(images.toUri().toString()),
                    List.of(test.toUri().toString()),
                    List.of(labelsFile.toUri().toString()),
                    List.of("jpeg", "jpg", "png", "tif", "tiff", "bmp", "webp"),
                    100_000_000L,
                    out));

    Map<String, String> actual = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(out + "/images")
            .select("path")
            .filter("path not like '%/test/%'")
            .collectAsList()) {
      actual.put(relative(images, r.getString(0)), "");
    }
    Row unlabelled = spark.read().parquet(out + "/images").filter("image = '950_left'").first();
    assertTrue(unlabelled.isNullAt(unlabelled.fieldIndex("level")), "test images carry no level");
    List<Row> quarantine = spark.read().parquet(out + "/quarantine").collectAsList();
    for (Row r : quarantine) {
      if (r.getAs("kind").equals("file")) {
        String key = relative(images, r.getAs("path"));
        assertTrue(actual.put(key, r.getAs("reason")) == null, "file in both outputs: " + key);
      }
    }
    assertEquals(expected, actual);
    for (Row r : quarantine) {
      assertTrue(r.getAs("detail") != null, "every verdict says why: " + r);
    }
    assertEquals(
        new IngestSummary(
            summary.stage(),
            summary.images(),
            summary.labels(),
            out,
            expected.size() + 1,
            expected.values().stream().filter(String::isEmpty).count() + 1,
            expected.values().stream().filter(s -> !s.isEmpty()).count(),
            summary.quarantineByReason(),
            new java.util.TreeMap<>(Map.of("0", 4L, "1", 13L, "2", 3L, "3", 1L, "4", 1L)),
            1,
            0,
            29,
            1,
            1,
            List.of(),
            summary.seconds()),
        summary);
    assertTrue(summary.countsAddUp());
    Row orphan =
        quarantine.stream().filter(r -> r.getAs("kind").equals("label")).findFirst().orElseThrow();
    assertEquals("LABEL_WITHOUT_IMAGE", orphan.getAs("reason"));
    assertTrue(
        ((String) orphan.getAs("path")).endsWith("trainLabels.csv:19"),
        (String) orphan.getAs("path"));

    Row copy =
        quarantine.stream()
            .filter(r -> "DUPLICATE_IMAGE".equals(r.getAs("reason")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "the same bytes as " + images.resolve("a/904_left.jpeg").toUri().getPath(),
        copy.<String>getAs("detail").replace("file:", ""));
    Row kept = spark.read().parquet(out + "/images").filter("image = '904_left'").first();
    assertEquals(List.of("904", 1), List.of(kept.getAs("patient"), kept.getAs("level")));

    Row patient7 = spark.read().parquet(out + "/images").filter("image = 'Patient007-R'").first();
    assertEquals("Patient007", patient7.getAs("patient"));
    assertEquals("right", patient7.getAs("side"));
    assertEquals(120, (int) patient7.getAs("width"));
    Row spaced = spark.read().parquet(out + "/images").filter("image = '7 left'").first();
    assertEquals(List.of("7", "left"), List.of(spaced.getAs("patient"), spaced.getAs("side")));
    Row scan =
        quarantine.stream().filter(r -> "scan".equals(r.getAs("image"))).findFirst().orElseThrow();
    assertEquals(
        "LABEL_MISSING",
        scan.getAs("reason"),
        "named by an id only, it is a patient of its own that lacks a label");
    Map<String, String> formatOf =
        spark.read().parquet(out + "/images").filter("image like '1_\\_%'").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("image"), r -> r.getAs("format")));
    assertEquals(
        Map.of(
            "12_left",
            "tiff",
            "12_right",
            "tiff",
            "13_left",
            "bmp",
            "13_right",
            "webp",
            "15_left",
            "jpeg"),
        formatOf);
    IngestSummary reread =
        Json.parse(
            Files.readString(tmp.resolve("out").resolve(Stage.SUMMARY)), IngestSummary.class);
    assertEquals(summary, reread);
    assertTrue(Files.exists(tmp.resolve("out/_SUCCESS")));
  }

  private static void plant(
      Path root, String rel, byte[] bytes, String reason, Map<String, String> expected)
      throws Exception {
    Path file = root.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    expected.put(rel, reason);
  }

  /** The path relative to root of a path as ingest stores it (decoded: spaces are spaces). */
  private static String relative(Path root, String path) {
    return root.relativize(Path.of(new org.apache.hadoop.fs.Path(path).toUri().getPath()))
        .toString();
  }
}
