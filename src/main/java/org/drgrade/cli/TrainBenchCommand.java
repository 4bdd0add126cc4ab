package org.drgrade.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.drgrade.bench.TrainBench;
import org.drgrade.bench.TrainBenchSettings;
import org.drgrade.bench.TrainVariant;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drgrade bench train}: training and inference images/s, one JVM vs Spark local[2], as JSON.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Time training and inference of the grading network on random data: one JVM (MultiLayerNetwork.fit)",
      "in several variants, and Spark local[2] parameter averaging; prints JSON with (b)/(a) per size.",
      "Run with -Dorg.eclipse.deeplearning4j.helpers.disable=false (submit/drgrade does) or conv layers run 7x slower."
    })
public final class TrainBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "448,112",
      description = "Input sizes in px (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--batch",
      defaultValue = "8",
      description = "Base minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--batches",
      defaultValue = "4",
      description = "Timed minibatches after warm-up; even (default: ${DEFAULT-VALUE}).")
  int batches;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description = "Rounds over all variants (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--variants",
      split = ",",
      defaultValue = "default,spark-local2,nhwc,ws-none,batch4,batch16,helpers-off",
      description = "What to time (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(
      names = "--helpers-off-max-size",
      defaultValue = "128",
      description =
          "Largest size for helpers-off, which needs 12-15 GB at 448 (default: ${DEFAULT-VALUE}).")
  int helpersOffMaxSize;

  @Override
  public Integer call() {
    TrainBenchSettings settings =
        new TrainBenchSettings(
            sizes,
            batch,
            batches,
            repeat,
            variants.stream().map(TrainVariant::byLabel).toList(),
            helpersOffMaxSize);
    spec.commandLine().getOut().println(Json.pretty(TrainBench.run(settings)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
