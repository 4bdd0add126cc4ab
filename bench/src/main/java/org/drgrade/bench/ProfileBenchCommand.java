package org.drgrade.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drgrade bench profile}: where one training minibatch's time goes, by phase and by layer.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Profile one DL4J training minibatch of the grading network on drgrade's real path: PNG decode,",
      "augmentation, INDArray creation, forward, backward, updater (gradient normalisation apart),",
      "the share of a parameter averaging, and forward/backward per layer; prints JSON.",
      "Run with -Dorg.eclipse.deeplearning4j.helpers.disable=false (submit/drgrade does)."
    })
public final class ProfileBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "448,112",
      description = "Input (crop) sizes in px (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "8,16",
      description = "Minibatch size for each of --sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "Timed minibatches per size after one warm-up (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--averaging-frequency",
      defaultValue = "5",
      description = "Minibatches per parameter averaging (default: ${DEFAULT-VALUE}).")
  int averagingFrequency;

  @Option(
      names = "--gc-window",
      defaultValue = "-1",
      paramLabel = "MS",
      description =
          "ND4J periodic GC: > 0 on with this window in ms, 0 off, < 0 ND4J's default (default: ${DEFAULT-VALUE}). "
              + "No effect on the CPU backend of M2, whose CpuMemoryManager answers isPeriodicGcActive() false: "
              + "the JSON's periodic_gc says what ND4J's deallocator thread sees.")
  int gcWindow;

  @Option(
      names = "--layers",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Time each layer too; --no-layers skips that second pass (default: ${DEFAULT-VALUE}).")
  boolean layers;

  @Override
  public Integer call() {
    var settings =
        new Dl4jProfile.Settings(sizes, batchSizes, repeat, averagingFrequency, gcWindow, layers);
    spec.commandLine().getOut().println(Json.pretty(new Dl4jProfile(settings).run()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
