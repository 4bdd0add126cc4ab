package org.drgrade.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
      "Time training and inference of the grading network on random data, on both engines: one JVM",
      "(DL4J's MultiLayerNetwork.fit in several variants; libtorch through DJL) and Spark local[2] parameter",
      "averaging; runs the PyTorch peer script in the same run; prints JSON with the ratios.",
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
      defaultValue =
          "default,spark-local2,torch,torch-spark-local2,nhwc,ws-none,batch4,batch16,helpers-off",
      description = "What to time (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(
      names = "--helpers-off-max-size",
      defaultValue = "128",
      description =
          "Largest size for helpers-off, which needs 12-15 GB at 448 (default: ${DEFAULT-VALUE}).")
  int helpersOffMaxSize;

  @Option(
      names = "--peer",
      defaultValue = "../shared/bench/torch_net.py",
      description =
          "The PyTorch peer script, run in the same run (NCHW and channels-last) beside the torch"
              + " engine; skipped with a note if the default path does not exist (default: ${DEFAULT-VALUE}).")
  Path peer;

  @Option(names = "--no-peer", description = "Do not run the PyTorch peer.")
  boolean noPeer;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description = "Python with torch for the peer (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--peer-iters",
      defaultValue = "8",
      description = "Timed iterations per peer configuration (default: ${DEFAULT-VALUE}).")
  int peerIters;

  private Optional<TorchPeer> peer() {
    return PeerScript.resolve(spec, peer, noPeer).map(script -> new TorchPeer(script, python));
  }

  @Override
  public Integer call() {
    TrainBenchSettings settings =
        new TrainBenchSettings(
            sizes,
            batch,
            batches,
            repeat,
            variants.stream().map(TrainVariant::byLabel).toList(),
            helpersOffMaxSize,
            peer(),
            peerIters);
    spec.commandLine().getOut().println(Json.pretty(TrainBench.run(settings)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
