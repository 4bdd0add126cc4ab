package org.drgrade.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.drgrade.Side;
import org.drgrade.config.ConfigError;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.IngestStage;
import org.drgrade.io.HadoopFiles;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.drgrade.testing.SharedData;
import org.drgrade.testing.TestImages;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocess stage end to end: generated and real images, quarantine, idempotent rerun, content
 * change.
 */
class PreprocessStageTest {
  private static final int SIZE = 192;
  @TempDir Path tmp;

  private final SparkSession spark = TestSpark.session();

  private PreprocessStageConfig config(int batchImages) {
    return new PreprocessStageConfig(
        uri("out/ingest"),
        uri("out/preprocess"),
        PreprocessConfig.defaults().withOutputSize(SIZE),
        batchImages,
        6);
  }

  private String uri(String rel) {
    return tmp.resolve(rel).toUri().toString();
  }

  private void ingest(List<String> images, List<String> labels) {
    new IngestStage(spark)
        .run(
            new IngestConfig(
                images,
                List.of(),
                labels,
                List.of("jpeg", "jpg", "png"),
                100_000_000L,
                uri("out/ingest")));
  }

  /** 8 generated eyes plus one all-black image that has no eye; labels for all. */
  private Path generated(long seed) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("images"));
    SynthDataset ds = new SynthDataset(seed, SizeProfile.parse("small"));
    StringBuilder labels = new StringBuilder("image,level\n");
    for (long i = 0; i < 4; i++) {
      for (Side side : Side.values()) {
        Files.write(dir.resolve(ds.fileName(i, side)), ds.jpeg(i, side, 90));
      }
      ds.labels(i).forEach(l -> labels.append(l.csvLine()).append('\n'));
    }
    Files.write(dir.resolve("999_left.jpeg"), TestImages.solid(300, 200, 0, "jpg"));
    labels.append("999_left,0\n");
    Files.writeString(tmp.resolve("labels.csv"), labels);
    return dir;
  }

  @Test
  void generatedImagesQuarantineAndIdempotentRerun() throws Exception {
    Path images = generated(5);
    ingest(
        List.of(images.toUri().toString()), List.of(tmp.resolve("labels.csv").toUri().toString()));
    PreprocessStage stage = new PreprocessStage(spark);
    PreprocessSummary first = stage.run(config(4)); // several batches
    assertEquals(9, first.inputImages());
    assertEquals(8, first.ok());
    assertEquals(Map.of("NO_EYE_FOUND", 1L), first.quarantineByReason());
    assertEquals(9, first.processedNow());
    assertTrue(first.countsAddUp());
    assertTrue(
        PreprocessedTable.committedBatches(
                    new HadoopFiles(spark.sparkContext().hadoopConfiguration()),
                    uri("out/preprocess"))
                .size()
            >= 2);

    List<Row> rows = PreprocessedTable.images(spark, uri("out/preprocess")).collectAsList();
    assertEquals(8, rows.size());
    for (Row r : rows) {
      try (Mat png =
          opencv_imgcodecs.imdecode(
              new Mat(new BytePointer((byte[]) r.getAs("png"))), opencv_imgcodecs.IMREAD_COLOR)) {
        assertEquals(SIZE, png.rows());
        assertEquals(SIZE, png.cols());
      }
      assertTrue(r.<Double>getAs("quality") >= 0.5);
      assertTrue(
          r.<Integer>getAs("crop_x") + r.<Integer>getAs("crop_width")
              <= r.<Integer>getAs("source_width"));
    }
    Row bad = spark.read().parquet(uri("out/preprocess/quarantine")).first();
    assertEquals("999_left", bad.getAs("image"));
    assertEquals("NO_EYE_FOUND", bad.getAs("reason"));
    ChannelStats stats =
        ChannelStatsTable.read(
            new HadoopFiles(spark.sparkContext().hadoopConfiguration()), uri("out/preprocess"));
    assertTrue(
        stats.count() > 8L * SIZE * SIZE / 3,
        "stats over the eye pixels of 8 images: " + stats.count());
    assertTrue(Files.size(tmp.resolve("out/preprocess/gallery.png")) > 1000);

    // Another method (or size) into the same output would mix two kinds of images: refused, and
    // nothing is processed or changed.
    PreprocessStageConfig graham =
        new PreprocessStageConfig(
            uri("out/ingest"),
            uri("out/preprocess"),
            PreprocessConfig.defaults().withOutputSize(SIZE).withMethod(PreprocessMethod.GRAHAM),
            4,
            6);
    ConfigError mixed = assertThrows(ConfigError.class, () -> stage.run(graham));
    assertTrue(
        mixed.getMessage().contains("method equalise") && mixed.getMessage().contains("graham"),
        mixed.getMessage());

    PreprocessSummary again = stage.run(config(4));
    assertEquals(0, again.processedNow());
    assertEquals(9, again.skippedDone());
    assertEquals(8, again.ok());

    // Same name, new bytes: only that image is processed again, and the table holds its new result.
    SynthDataset other = new SynthDataset(99, SizeProfile.parse("small"));
    SynthDataset ds = new SynthDataset(5, SizeProfile.parse("small"));
    Files.write(images.resolve(ds.fileName(0, Side.LEFT)), other.jpeg(0, Side.LEFT, 90));
    ingest(
        List.of(images.toUri().toString()), List.of(tmp.resolve("labels.csv").toUri().toString()));
    PreprocessSummary changed = stage.run(config(4));
    assertEquals(1, changed.processedNow());
    assertEquals(8, changed.ok());
    String image = ds.fileName(0, Side.LEFT).replace(".jpeg", "");
    List<Row> latest =
        PreprocessedTable.images(spark, uri("out/preprocess"))
            .filter("image = '" + image + "'")
            .collectAsList();
    assertEquals(1, latest.size());
    assertEquals(
        PreprocessTask.sha256(Files.readAllBytes(images.resolve(ds.fileName(0, Side.LEFT)))),
        latest.get(0).getAs("source_sha256"));
  }

  @Test
  void realCameraImagesAreAllCropped() throws Exception {
    Path sample = SharedData.fundus("eyepacs-sample");
    ingest(
        List.of(sample.toUri().toString()),
        List.of(SharedData.labels("eyepacs-sample").toUri().toString()));
    PreprocessSummary s = new PreprocessStage(spark).run(config(2000));
    assertEquals(10, s.inputImages());
    assertEquals(10, s.ok(), s.text());
    assertTrue(
        s.decodeReductions().keySet().stream().allMatch(r -> r >= 2),
        "camera-size JPEGs decode reduced: " + s.decodeReductions());
    List<Double> radii = new ArrayList<>();
    for (Row r : spark.read().parquet(uri("out/preprocess/manifest")).collectAsList()) {
      double radius = r.getAs("disc_radius");
      radii.add(radius);
      // The eye of an EyePACS photo spans most of the frame's height.
      assertTrue(
          radius * 2 > 0.8 * r.<Integer>getAs("source_height"),
          r.getAs("image") + " radius " + radius);
    }
    assertEquals(10, radii.size());
  }
}
