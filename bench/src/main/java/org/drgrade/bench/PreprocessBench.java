package org.drgrade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.drgrade.config.ConfigError;
import org.drgrade.preprocess.ImageHeader;
import org.drgrade.preprocess.ImagePreprocessor;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessResult;
import org.drgrade.preprocess.ReducedDecoder;

/**
 * Time per image of three ways from a full-resolution fundus JPEG to a 512 px model input: (a)
 * OpenCV's full-resolution decode alone, (b) drgrade's whole {@link ImagePreprocessor#process}, (c)
 * one ImageMagick {@code convert} process per image doing the same steps (crop by threshold, resize
 * keeping the aspect ratio, pad, equalise each channel). Each runs on a fixed pool of N workers;
 * the figure is the wall time of a pass over all images divided by their number, the median of the
 * passes. (a) and (b) read from memory; (c) reads each file (in the page cache after the first
 * pass) and writes a PNG, as a shell pipeline would.
 */
public final class PreprocessBench {

  /** The folders of original camera JPEGs (the others are pre-cropped or PNG). */
  public static final List<String> FULL_RESOLUTION_FOLDERS =
      List.of("eyepacs-sample", "eyepacs-fullres", "srahim-dr");

  /**
   * drgrade's preprocessing as ImageMagick 6 options: -trim with 10 % fuzz crops the near-black
   * border (a fixed threshold: ImageMagick has no adaptive one), -resize fits 512 keeping the
   * aspect ratio, -extent pads centred with black, and each channel is equalised on its own.
   */
  public static final List<String> CONVERT_STEPS =
      List.of(
          "-fuzz",
          "10%",
          "-trim",
          "+repage",
          "-resize",
          "512x512",
          "-background",
          "black",
          "-gravity",
          "center",
          "-extent",
          "512x512",
          "-channel",
          "R",
          "-equalize",
          "-channel",
          "G",
          "-equalize",
          "-channel",
          "B",
          "-equalize",
          "+channel");

  /** What to measure; an empty {@code imagemagick} means: look {@code convert} up on PATH. */
  public record Settings(
      Path data, List<Integer> threads, int repeat, Optional<Path> imagemagick) {}

  /**
   * Wall milliseconds per image with {@code threads} workers, and the ratios the target is stated
   * in; the ImageMagick fields are null when it was skipped. Failures count images of one pass that
   * drgrade quarantined or that convert exited non-zero on.
   */
  public record Timing(
      int threads,
      double decodeFullMs,
      double drgradeMs,
      Double imagemagickMs,
      double drgradeOverDecode,
      Double imagemagickOverDrgrade,
      int drgradeFailures,
      Integer imagemagickFailures) {}

  public record Environment(
      int cores, String cpu, String os, String java, String opencv, String imagemagick) {}

  /** The JSON the command prints; {@code imagemagickSkipped} says why (c) is missing, else null. */
  public record Report(
      int images,
      double meanMegapixels,
      int repeat,
      String imagemagickCommand,
      String imagemagickSkipped,
      List<Timing> timings,
      Environment environment) {}

  private final Settings settings;
  private final PreprocessConfig config = PreprocessConfig.defaults();

  public PreprocessBench(Settings settings) {
    if (settings.repeat() < 1)
      throw new ConfigError("--repeat must be at least 1: " + settings.repeat());
    if (settings.threads().isEmpty() || settings.threads().stream().anyMatch(n -> n < 1)) {
      throw new ConfigError("--threads needs thread counts of at least 1: " + settings.threads());
    }
    this.settings = settings;
  }

  public Report run() throws IOException, InterruptedException {
    List<Path> files = fullResolutionJpegs(settings.data());
    List<byte[]> images = new ArrayList<>();
    for (Path f : files) images.add(Files.readAllBytes(f));
    ImageMagick.Lookup lookup = ImageMagick.find(settings.imagemagick());
    Path scratch = Files.createTempDirectory("drgrade-bench-");
    try {
      // an unmeasured pass of each warms the JIT, OpenCV's lazy initialisation and the caches
      WorkerPool.pass(images, 2, PreprocessBench::decodeFull);
      WorkerPool.pass(images, 2, this::preprocess);
      List<Timing> timings = new ArrayList<>();
      for (int n : settings.threads()) {
        WorkerPool.Pass decode = median(images, n, PreprocessBench::decodeFull);
        WorkerPool.Pass drgrade = median(images, n, this::preprocess);
        Optional<WorkerPool.Pass> convert =
            lookup
                .found()
                .map(
                    im ->
                        median(
                            files,
                            n,
                            f ->
                                im.convert(
                                    f, scratch.resolve(f.getFileName() + ".png"), CONVERT_STEPS)));
        double perImage = images.size();
        timings.add(
            new Timing(
                n,
                decode.wallMs() / perImage,
                drgrade.wallMs() / perImage,
                convert.map(c -> c.wallMs() / perImage).orElse(null),
                drgrade.wallMs() / decode.wallMs(),
                convert.map(c -> c.wallMs() / drgrade.wallMs()).orElse(null),
                drgrade.failures(),
                convert.map(WorkerPool.Pass::failures).orElse(null)));
      }
      return new Report(
          images.size(),
          meanMegapixels(images),
          settings.repeat(),
          lookup.found().map(im -> im.commandLine(CONVERT_STEPS)).orElse(null),
          lookup.whyNot(),
          timings,
          environment(lookup));
    } finally {
      deleteTree(scratch);
    }
  }

  /** The JPEGs of the full-resolution folders under {@code data}, sorted by path. */
  public static List<Path> fullResolutionJpegs(Path data) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String folder : FULL_RESOLUTION_FOLDERS) {
      Path dir = data.resolve(folder);
      if (!Files.isDirectory(dir)) {
        throw new ConfigError(
            "no folder " + dir.toAbsolutePath() + ": --data must hold " + FULL_RESOLUTION_FOLDERS);
      }
      try (Stream<Path> listing = Files.list(dir)) {
        listing
            .filter(p -> p.getFileName().toString().matches("(?i).*\\.jpe?g"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  private <T> WorkerPool.Pass median(List<T> items, int threads, WorkerPool.Task<T> task) {
    List<WorkerPool.Pass> passes = new ArrayList<>();
    try {
      for (int i = 0; i < settings.repeat(); i++) passes.add(WorkerPool.pass(items, threads, task));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    }
    passes.sort(Comparator.comparingDouble(WorkerPool.Pass::wallMs));
    return passes.get(passes.size() / 2);
  }

  private static boolean decodeFull(byte[] jpeg) {
    try (var image = ReducedDecoder.decode(jpeg, 1)) {
      return !image.empty();
    }
  }

  private boolean preprocess(byte[] jpeg) {
    return ImagePreprocessor.process(jpeg, config) instanceof PreprocessResult.Success;
  }

  private static double meanMegapixels(List<byte[]> images) {
    return images.stream()
            .map(ImageHeader::probe)
            .flatMap(Optional::stream)
            .mapToLong(ImageHeader::pixels)
            .average()
            .orElse(0)
        / 1e6;
  }

  private static Environment environment(ImageMagick.Lookup lookup) {
    JvmHost host = JvmHost.current();
    return new Environment(
        host.cores(),
        host.cpu(),
        host.os(),
        host.java(),
        opencv_core.getVersionString().getString().trim(), // the native string keeps its NUL
        lookup.found().map(ImageMagick::version).orElse(null));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }
}
