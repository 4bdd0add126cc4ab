package org.drgrade.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Stage;

/**
 * The last stage, on the driver: reads the other stages' outputs (summaries, epoch history,
 * validation predictions, quarantine tables: all small) and writes index.html, its PNG plots and a
 * copy of preprocess's gallery.png into one folder, then summary.json and _SUCCESS.
 */
public final class ReportStage {
  static {
    // The charts are drawn with Java2D; a driver on a cluster node or in CI has no display.
    System.setProperty("java.awt.headless", "true");
  }

  private static final String PAGE = "index.html";
  private final SparkSession spark;
  private final HadoopFiles files;

  public ReportStage(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public ReportSummary run(ReportConfig cfg) {
    long start = System.nanoTime();
    Stage.Input[] inputs =
        Stream.of(cfg.ingest(), cfg.preprocess(), cfg.train(), cfg.predict(), cfg.decide())
            .map(stage -> new Stage.Input("report input", stage))
            .toArray(Stage.Input[]::new);
    return new Stage(files, cfg.output(), inputs).run(() -> report(cfg, start));
  }

  /** The stage's own work: the page, its plots and the gallery. */
  private ReportSummary report(ReportConfig cfg, long start) {
    ReportInputs inputs = ReportInputs.read(spark, files, cfg);
    Headlines headlines = Headlines.of(inputs);
    List<Figure> plots = ReportCharts.draw(inputs, headlines.rule());
    Optional<Figure> gallery = gallery(cfg);
    List<String> images = new ArrayList<>();
    for (Figure f : plots) {
      files.writeBytes(HadoopFiles.join(cfg.output(), f.file()), f.png());
      images.add(f.file());
    }
    gallery.ifPresent(
        g -> {
          files.writeBytes(HadoopFiles.join(cfg.output(), g.file()), g.png());
          images.add(g.file());
        });
    String page = HadoopFiles.join(cfg.output(), PAGE);
    files.writeText(page, ReportPage.render(inputs, headlines, plots, gallery, cfg.run()));
    ReportSummary summary =
        new ReportSummary(
            "report",
            cfg.output(),
            qualified(page),
            images,
            headlines.items(),
            (System.nanoTime() - start) / 1e9);
    return summary;
  }

  /** preprocess's crop gallery, when it drew one (drgrade.preprocess.gallery-images > 0). */
  private Optional<Figure> gallery(ReportConfig cfg) {
    String uri = HadoopFiles.join(cfg.preprocess(), "gallery.png");
    if (!files.exists(uri)) {
      return Optional.empty();
    }
    try (InputStream in = files.fs(uri).open(new Path(uri))) {
      return Optional.of(
          new Figure(
              "gallery.png",
              "crop gallery",
              "Each source image with its crop box and fitted disc, next to the preprocessed output.",
              in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  /**
   * The page as a full URI (file:/abs/..., s3a://...), so the printed line can be opened as it is.
   */
  private String qualified(String uri) {
    return files.fs(uri).makeQualified(new Path(uri)).toString();
  }
}
