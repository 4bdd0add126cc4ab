package org.drgrade.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.bytedeco.opencv.global.opencv_core;
import org.drgrade.Side;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.io.StageMarker;
import org.drgrade.spark.Progress;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * Writes the generated data set: images/ (labelled patients) and test/ (unlabelled patients, like
 * Kaggle's test set) painted on the executors (each partition paints its own patients straight to
 * the output file system); trainLabels.csv and testLabels.csv (the answer key, for `drgrade
 * evaluate`) from the driver (two short rows per patient); then synth.json and _SUCCESS.
 */
public final class SynthStage {
  private static final Logger LOG = LogManager.getLogger(SynthStage.class);

  /**
   * synth's summary keeps its own name: data sets generated before carry it, and {@link #existing}
   * reads it to skip regenerating them.
   */
  static final String SUMMARY_FILE = "synth.json";

  /** What was generated, written as synth.json; a rerun with the same parameters is skipped. */
  public record Summary(
      String output,
      int patients,
      int testPatients,
      long seed,
      String size,
      int jpegQuality,
      long images,
      Map<Integer, Long> imagesByLevel,
      double seconds) {
    public String text() {
      return String.format(
          "synth: %d images (%d patients + %d unlabelled test patients, size %s, seed %d), "
              + "labelled images by level %s in %s (%.1f s)",
          images, patients, testPatients, size, seed, imagesByLevel, output, seconds);
    }

    boolean sameDataAs(SynthConfig c) {
      return patients == c.patients()
          && testPatients == c.testPatients()
          && seed == c.seed()
          && size.equals(c.size())
          && jpegQuality == c.jpegQuality();
    }
  }

  private final SparkSession spark;
  private final HadoopFiles files;

  public SynthStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /** The summary of an existing complete data set made with the same parameters, if any. */
  public java.util.Optional<Summary> existing(SynthConfig cfg) {
    String json = HadoopFiles.join(cfg.output(), SUMMARY_FILE);
    if (!StageMarker.isComplete(files, cfg.output()) || !files.exists(json)) {
      return java.util.Optional.empty();
    }
    Summary s = Json.parse(files.readText(json), Summary.class);
    return s.sameDataAs(cfg) ? java.util.Optional.of(s) : java.util.Optional.empty();
  }

  public Summary run(SynthConfig cfg) {
    long start = System.nanoTime();
    Summary summary = new Stage(files, cfg.output(), SUMMARY_FILE).run(() -> synth(cfg, start));
    LOG.info(summary.text());
    return summary;
  }

  /** The stage's own work: paint the images, write the label files. */
  private Summary synth(SynthConfig cfg, long start) {
    String imagesDir = HadoopFiles.join(cfg.output(), "images");
    String testDir = HadoopFiles.join(cfg.output(), "test");
    for (String dir : List.of(imagesDir, testDir)) {
      if (files.exists(dir)) {
        files.delete(dir); // a different earlier data set must not mix with this one
      }
    }
    SynthDataset dataset = new SynthDataset(cfg.seed(), cfg.sizeProfile());
    int all = cfg.patients() + cfg.testPatients();
    List<SynthDataset.Label> labels = labels(dataset, 0, cfg.patients());
    List<SynthDataset.Label> answers = labels(dataset, cfg.patients(), all);
    try {
      files
          .fs(testDir)
          .mkdirs(
              new Path(
                  testDir)); // exists even with no test patients, for drgrade.ingest.test-images
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + testDir, e);
    }
    try (Progress progress = new Progress(spark, "synth images", 2L * all, 10)) {
      paint(cfg, imagesDir, testDir, progress.counter());
    }
    files.writeText(HadoopFiles.join(cfg.output(), "trainLabels.csv"), csv(labels));
    files.writeText(HadoopFiles.join(cfg.output(), "testLabels.csv"), csv(answers));
    Map<Integer, Long> byLevel =
        labels.stream()
            .collect(
                Collectors.groupingBy(
                    SynthDataset.Label::level, TreeMap::new, Collectors.counting()));
    return new Summary(
        cfg.output(),
        cfg.patients(),
        cfg.testPatients(),
        cfg.seed(),
        cfg.size(),
        cfg.jpegQuality(),
        2L * all,
        byLevel,
        (System.nanoTime() - start) / 1e9);
  }

  private static List<SynthDataset.Label> labels(SynthDataset dataset, long from, long to) {
    return LongStream.range(from, to).boxed().flatMap(i -> dataset.labels(i).stream()).toList();
  }

  private static String csv(List<SynthDataset.Label> labels) {
    return "image,level\n"
        + labels.stream().map(l -> l.csvLine() + "\n").collect(Collectors.joining());
  }

  /** Patients 0..n-1 go to images/, the test patients after them to test/. */
  private void paint(SynthConfig cfg, String imagesDir, String testDir, LongAccumulator done) {
    SerializableHadoopConf hadoop =
        new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    int labelled = cfg.patients();
    List<Long> patients = LongStream.range(0, labelled + cfg.testPatients()).boxed().toList();
    long seed = cfg.seed();
    String size = cfg.size();
    int quality = cfg.jpegQuality();
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(patients, Math.min(cfg.partitions(), patients.size()))
        .foreachPartition(
            indices -> {
              opencv_core.setNumThreads(1); // Spark already runs one task per core
              SynthDataset ds = new SynthDataset(seed, SizeProfile.parse(size));
              FileSystem fs = new Path(imagesDir).getFileSystem(hadoop.get());
              while (indices.hasNext()) {
                long i = indices.next();
                Path dir = new Path(i < labelled ? imagesDir : testDir);
                for (Side side : Side.values()) {
                  write(fs, new Path(dir, ds.fileName(i, side)), ds.jpeg(i, side, quality));
                  done.add(1);
                }
              }
            });
  }

  private static void write(FileSystem fs, Path path, byte[] bytes) {
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
