package org.drgrade.synth;

import org.drgrade.Side;
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
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.StageMarker;
import org.drgrade.spark.Progress;
import org.drgrade.spark.SerializableHadoopConf;

/**
 * Writes the generated data set: images/ painted on the executors (each partition paints its own
 * patients straight to the output file system), trainLabels.csv from the driver (two short rows
 * per patient), then synth.json with the parameters and _SUCCESS.
 */
public final class SynthStage {
  private static final Logger LOG = LogManager.getLogger(SynthStage.class);

  /** What was generated, written as synth.json; a rerun with the same parameters is skipped. */
  public record Summary(String output, int patients, long seed, String size, int jpegQuality, long images,
      Map<Integer, Long> imagesByLevel, double seconds) {
    public String text() {
      return String.format("synth: %d images (%d patients, size %s, seed %d) by level %s in %s (%.1f s)",
          images, patients, size, seed, imagesByLevel, output, seconds);
    }

    boolean sameDataAs(SynthConfig c) {
      return patients == c.patients() && seed == c.seed() && size.equals(c.size()) && jpegQuality == c.jpegQuality();
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
    String json = HadoopFiles.join(cfg.output(), "synth.json");
    if (!StageMarker.isComplete(files, cfg.output()) || !files.exists(json)) {
      return java.util.Optional.empty();
    }
    Summary s = Json.parse(files.readText(json), Summary.class);
    return s.sameDataAs(cfg) ? java.util.Optional.of(s) : java.util.Optional.empty();
  }

  public Summary run(SynthConfig cfg) {
    long start = System.nanoTime();
    StageMarker.clear(files, cfg.output());
    String imagesDir = HadoopFiles.join(cfg.output(), "images");
    if (files.exists(imagesDir)) {
      files.delete(imagesDir); // a different earlier data set must not mix with this one
    }
    SynthDataset dataset = new SynthDataset(cfg.seed(), cfg.sizeProfile());
    List<SynthDataset.Label> labels = LongStream.range(0, cfg.patients()).boxed()
        .flatMap(i -> dataset.labels(i).stream()).toList();
    long images = labels.size();
    try (Progress progress = new Progress(spark, "synth images", images, 10)) {
      paint(cfg, imagesDir, progress.counter());
    }
    files.writeText(HadoopFiles.join(cfg.output(), "trainLabels.csv"),
        "image,level\n" + labels.stream().map(l -> l.csvLine() + "\n").collect(Collectors.joining()));
    Map<Integer, Long> byLevel = labels.stream()
        .collect(Collectors.groupingBy(SynthDataset.Label::level, TreeMap::new, Collectors.counting()));
    Summary summary = new Summary(cfg.output(), cfg.patients(), cfg.seed(), cfg.size(), cfg.jpegQuality(), images,
        byLevel, (System.nanoTime() - start) / 1e9);
    files.writeText(HadoopFiles.join(cfg.output(), "synth.json"), Json.pretty(summary));
    StageMarker.markComplete(files, cfg.output());
    LOG.info(summary.text());
    return summary;
  }

  private void paint(SynthConfig cfg, String imagesDir, LongAccumulator done) {
    SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    List<Long> patients = LongStream.range(0, cfg.patients()).boxed().toList();
    long seed = cfg.seed();
    String size = cfg.size();
    int quality = cfg.jpegQuality();
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(patients, Math.min(cfg.partitions(), cfg.patients()))
        .foreachPartition(indices -> {
          opencv_core.setNumThreads(1); // Spark already runs one task per core
          SynthDataset ds = new SynthDataset(seed, SizeProfile.parse(size));
          Path dir = new Path(imagesDir);
          FileSystem fs = dir.getFileSystem(hadoop.get());
          while (indices.hasNext()) {
            long i = indices.next();
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
