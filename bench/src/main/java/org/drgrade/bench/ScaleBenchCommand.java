package org.drgrade.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drgrade bench scale}: distributed training on a real standalone cluster, as JSON. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Trains with the pipeline's train stage on a real Spark standalone cluster started on this",
      "machine (W executors of 1 core and 1 engine thread each) on the same real images, per engine",
      "and crop: images/s, scaling efficiency speed(W) / (W x speed(1)), Spark task metrics of the",
      "timed epoch (cache bytes read, spills, shuffle), each averaging round's time split into",
      "broadcast, launch, fit and gather (or the ring's exchange), the cached bytes per image; then",
      "a cost model from those overheads and the network's FLOPs for W GPU executors at 448 px.",
      "Prints JSON."
    })
final class ScaleBenchCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      defaultValue =
          "../shared/data/fundus/eyepacs-256-preprocessed:../shared/data/labels/eyepacs-256-preprocessed.csv",
      description = "DIR:LABELS.csv of graded images (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--images",
      defaultValue = "160",
      description = "Images to train on, whole patients first (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--workers",
      split = ",",
      defaultValue = "1,2",
      description = "Executors (= workers) to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> workers;

  @Option(
      names = "--variants",
      split = ",",
      defaultValue = "torch,dl4j,dl4j-master",
      description =
          "torch, dl4j (drgrade's averaging, a Spark job per round), torch-allreduce,"
              + " dl4j-allreduce (one barrier stage per epoch, the workers average by ring),"
              + " torch-allreduce-overlap, dl4j-allreduce-overlap (each round's all-reduce beside"
              + " the next round's fits),"
              + " dl4j-master (DL4J's ParameterAveragingTrainingMaster), dl4j-shared (DL4J's"
              + " SharedTrainingMaster, gradient sharing) (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(
      names = "--crops",
      split = ",",
      defaultValue = "112,224",
      description = "Network input sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> crops;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description = "Epochs per run; the last is timed (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--repeats",
      defaultValue = "1",
      description =
          "Times each variant's W = 1, 2, ... runs are repeated, in turn; efficiency is then the"
              + " median over repeats of speed(W) / (W x speed(1)) within a repeat, so a drift of the"
              + " machine's speed between repeats cancels (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--batch",
      defaultValue = "8",
      description = "Minibatch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--averaging-frequency",
      defaultValue = "5",
      description = "Minibatches per worker per round (default: ${DEFAULT-VALUE}).")
  int averagingFrequency;

  @Option(
      names = "--work",
      defaultValue = "${java.io.tmpdir}/drgrade-bench-scale",
      description =
          "Work folder, outside the repository: a copy of the image subset, its preprocessing, the"
              + " runs (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--executor-memory",
      defaultValue = "2g",
      description = "Each executor's heap (default: ${DEFAULT-VALUE}).")
  String executorMemory;

  @Option(
      names = "--gpu-tflops",
      defaultValue = "4",
      description =
          "Assumed effective FP32 TFLOPS of one GPU executor (default: ${DEFAULT-VALUE}).")
  double gpuTflops;

  @Option(
      names = "--network-gbps",
      defaultValue = "10",
      description = "Assumed network bandwidth per host, Gbit/s (default: ${DEFAULT-VALUE}).")
  double networkGbps;

  @Option(
      names = "--project-workers",
      split = ",",
      defaultValue = "8,16,32",
      description = "GPU executors to project (default: ${DEFAULT-VALUE}).")
  List<Integer> projectWorkers;

  @Option(
      names = "--project-crop",
      defaultValue = "448",
      description = "Input size to project (default: ${DEFAULT-VALUE}).")
  int projectCrop;

  @Option(
      names = "--project-images",
      defaultValue = "35126",
      description =
          "Training images per projected epoch, for the ring's once-per-epoch cost (default:"
              + " ${DEFAULT-VALUE}, Kaggle's training set).")
  long projectImages;

  @Override
  public Integer call() throws Exception {
    ScaleBench bench =
        new ScaleBench(
            new ScaleBench.Settings(
                LabelledFolder.parse(data),
                images,
                workers,
                variants,
                crops,
                epochs,
                repeats,
                batch,
                averagingFrequency,
                work.toAbsolutePath(),
                executorMemory,
                gpuTflops,
                networkGbps,
                projectWorkers,
                projectCrop,
                projectImages));
    System.out.println(Json.pretty(bench.run()));
    return 0;
  }
}
