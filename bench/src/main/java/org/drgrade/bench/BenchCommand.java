package org.drgrade.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drgrade.cli.CommandExtension;
import org.drgrade.cli.Main;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drgrade bench ...}: measurements printed as JSON; no Spark. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks printed as JSON.",
    subcommands = {
      BenchCommand.Preprocess.class,
      TrainBenchCommand.class,
      LearnBenchCommand.class,
      ProfileBenchCommand.class,
      DecideBenchCommand.class,
      ScaleBenchCommand.class
    })
public final class BenchCommand implements Callable<Integer>, CommandExtension {

  /** Joins {@code drgrade} as {@code drgrade bench} when the bench jar is on the classpath. */
  @Override
  public Object command() {
    return new BenchCommand();
  }

  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.err);
    return Main.EXIT_CONFIG;
  }

  @Command(
      name = "preprocess",
      mixinStandardHelpOptions = true,
      description = {
        "ms per image on the full-resolution JPEGs (eyepacs-sample, eyepacs-fullres, srahim-dr):",
        "(a) full-resolution decode alone, (b) drgrade's whole preprocessing at 512,",
        "(c) one ImageMagick convert per image doing the same; with each thread count."
      })
  static final class Preprocess implements Callable<Integer> {
    @Option(
        names = "--data",
        defaultValue = "../shared/data/fundus",
        description = "Folder holding the fundus folders. Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(
        names = "--threads",
        defaultValue = "1,2",
        split = ",",
        description = "Worker thread counts to measure. Default: ${DEFAULT-VALUE}.")
    List<Integer> threads;

    @Option(
        names = "--repeat",
        defaultValue = "1",
        description = "Passes per measurement; the median is reported. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(
        names = "--imagemagick",
        paramLabel = "CONVERT",
        description =
            "Path of ImageMagick's convert (default: convert on PATH; skipped when absent).")
    Path imagemagick;

    @Override
    public Integer call() throws Exception {
      var settings =
          new PreprocessBench.Settings(data, threads, repeat, Optional.ofNullable(imagemagick));
      System.out.println(Json.pretty(new PreprocessBench(settings).run()));
      return 0;
    }
  }
}
