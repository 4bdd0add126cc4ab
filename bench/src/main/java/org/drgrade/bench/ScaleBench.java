package org.drgrade.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.drgrade.cli.Main;
import org.drgrade.engine.AveragingPlan;
import org.drgrade.engine.AveragingTrainer;
import org.drgrade.engine.RoundTimes;
import org.drgrade.ingest.ImageName;
import org.drgrade.ingest.LabelRow;
import org.drgrade.ingest.LabelsCsv;
import org.drgrade.io.Json;
import org.drgrade.spark.LocalStandaloneCluster;
import org.drgrade.train.EpochMetrics;
import org.drgrade.train.TrainStage;

/**
 * {@code drgrade bench scale}: the train stage itself on a real Spark standalone cluster on this
 * machine (W executors of one core and one thread each), W = 1 and 2 by default, on the same real
 * images, per engine and crop; then a cost model from the measured overheads for W GPU executors.
 */
final class ScaleBench {
  /** What one variant trains with: engine and whose averaging. */
  record Variant(String name, String engine, String averaging) {
    /** Whether the workers average over their own ring (one barrier stage per epoch). */
    boolean ring() {
      return averaging.equals(AveragingPlan.ALLREDUCE)
          || averaging.equals(AveragingPlan.ALLREDUCE_OVERLAP);
    }

    static Variant of(String name) {
      return switch (name) {
        case "torch" -> new Variant(name, "torch", "drgrade");
        case "torch-allreduce" -> new Variant(name, "torch", AveragingPlan.ALLREDUCE);
        case "dl4j" -> new Variant(name, "dl4j", "drgrade");
        case "dl4j-allreduce" -> new Variant(name, "dl4j", AveragingPlan.ALLREDUCE);
        case "torch-allreduce-overlap" ->
            new Variant(name, "torch", AveragingPlan.ALLREDUCE_OVERLAP);
        case "dl4j-allreduce-overlap" -> new Variant(name, "dl4j", AveragingPlan.ALLREDUCE_OVERLAP);
        case "dl4j-master" -> new Variant(name, "dl4j", AveragingPlan.DL4J_MASTER);
        case "dl4j-shared" -> new Variant(name, "dl4j", AveragingPlan.DL4J_SHARED);
        default ->
            throw new IllegalArgumentException(
                "variant '"
                    + name
                    + "': torch, dl4j (drgrade's averaging, a Spark job per round), torch-allreduce,"
                    + " dl4j-allreduce (the workers' ring), torch-allreduce-overlap,"
                    + " dl4j-allreduce-overlap (the ring beside the next round's fits),"
                    + " dl4j-master (DL4J's parameter averaging) or dl4j-shared (DL4J's gradient"
                    + " sharing)");
      };
    }
  }

  record Settings(
      LabelledFolder data,
      int images,
      List<Integer> workers,
      List<String> variants,
      List<Integer> crops,
      int epochs,
      int repeats,
      int batch,
      int averagingFrequency,
      Path work,
      String executorMemory,
      double gpuTflops,
      double networkGbps,
      List<Integer> projectWorkers,
      int projectCrop,
      long projectImages) {}

  /** One timed training run on the cluster. */
  record Run(
      String variant,
      int crop,
      int workers,
      int repeat,
      long trainImages,
      double epochSeconds,
      double imagesPerSecond,
      Double efficiency,
      RoundTimes rounds,
      ScaleMetrics.Totals sparkTotals,
      long peakCachedBytes,
      double cachedBytesPerImage,
      long wallSeconds) {}

  private final Settings s;

  ScaleBench(Settings s) {
    this.s = s;
  }

  Map<String, Object> run() throws IOException, InterruptedException {
    Files.createDirectories(s.work());
    List<String> names = subset();
    List<Run> runs = new ArrayList<>();
    for (int crop : s.crops()) {
      String preprocessed = preprocess(sourceSize(crop));
      for (String v : s.variants()) {
        for (int repeat = 0; repeat < s.repeats(); repeat++) {
          for (int w : s.workers()) {
            runs.add(train(Variant.of(v), crop, w, repeat, preprocessed));
            System.err.println("bench scale: " + Json.pretty(runs.get(runs.size() - 1)));
          }
        }
      }
    }
    List<Run> withEfficiency = efficiencies(runs);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", JvmHost.current());
    out.put(
        "setup",
        Map.of(
            "images",
            names.size(),
            "data",
            s.data().images().toString(),
            "epochs",
            s.epochs()
                + " (the last one timed; the first warms up JIT, native libraries and caches)",
            "batch",
            s.batch(),
            "averaging_frequency",
            s.averagingFrequency(),
            "cluster",
            "Spark standalone on loopback: a master and W workers, each executor 1 core, 1 engine"
                + " thread (train.threads = 1, OMP_NUM_THREADS = 1), "
                + s.executorMemory()
                + " heap"));
    out.put("runs", withEfficiency);
    out.put("efficiency", ScaleEfficiency.summarise(withEfficiency));
    out.put("memory", memory(withEfficiency));
    out.put("cost_model", costModel(withEfficiency));
    return out;
  }

  static int sourceSize(int crop) {
    return crop <= 112 ? 128 : crop * 8 / 7;
  }

  /** The first --images images of whole patients (both eyes), copied into the work folder. */
  private List<String> subset() throws IOException {
    Path dir = s.work().resolve("images-" + s.images());
    Path labels = s.work().resolve("labels-" + s.images() + ".csv");
    TreeMap<String, List<String>> byPatient = new TreeMap<>();
    Map<String, String> level = new LinkedHashMap<>();
    try (var in = Files.newInputStream(s.data().labels())) {
      for (LabelRow row : LabelsCsv.read(in, s.data().labels().toString()).rows()) {
        level.put(row.image(), row.rawLevel());
      }
    }
    try (var files = Files.list(s.data().images())) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String image = name.substring(0, name.lastIndexOf('.'));
        if (level.containsKey(image)) {
          // The pipeline's own patient of a file name, so a patient's eyes stay together.
          String patient = ImageName.parse(name).map(ImageName::patient).orElse(image);
          byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(name);
        }
      }
    }
    List<String> chosen = new ArrayList<>();
    for (List<String> eyes : byPatient.values()) {
      if (chosen.size() + eyes.size() > s.images()) {
        break;
      }
      chosen.addAll(eyes);
    }
    if (!Files.exists(labels)) {
      Files.createDirectories(dir);
      StringBuilder csv = new StringBuilder("image,level\n");
      for (String name : chosen) {
        Files.copy(s.data().images().resolve(name), dir.resolve(name));
        String image = name.substring(0, name.lastIndexOf('.'));
        csv.append(image).append(',').append(level.get(image)).append('\n');
      }
      Files.writeString(labels, csv);
    }
    return chosen;
  }

  /** Ingest and preprocess the subset at {@code size} once (kept for reruns), in local[2]. */
  private String preprocess(int size) {
    Path data = s.work().resolve("data-" + s.images() + "-" + size);
    String preprocessed = data.resolve("preprocess").toString();
    if (Files.exists(data.resolve("preprocess/_SUCCESS"))) {
      return preprocessed;
    }
    for (String command : List.of("ingest", "preprocess")) {
      stopSpark();
      int exit =
          execute(
              command,
              "--set",
              "spark.master=\"local[2]\"",
              "--set",
              "run.output=\"" + data + "\"",
              "--set",
              "ingest.images=\"" + s.work().resolve("images-" + s.images()) + "\"",
              "--set",
              "ingest.labels=\"" + s.work().resolve("labels-" + s.images() + ".csv") + "\"",
              "--set",
              "ingest.test-images=\"\"",
              "--set",
              "preprocess.size=" + size);
      if (exit != 0) {
        throw new IllegalStateException(command + " exited " + exit + " for " + data);
      }
    }
    return preprocessed;
  }

  private Run train(Variant v, int crop, int workers, int repeat, String preprocessed)
      throws IOException, InterruptedException {
    Path out = s.work().resolve("runs/" + v.name() + "-" + crop + "-w" + workers);
    deleteTree(out);
    long start = System.nanoTime();
    ScaleMetrics.reset();
    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.start(
            s.work().resolve("cluster-" + workers), workers, s.executorMemory() + "", List.of())) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "train",
                  "--set",
                  "preprocess.size=" + sourceSize(crop),
                  "--set",
                  "preprocess.output=\"" + preprocessed + "\"",
                  "--set",
                  "train.output=\"" + out + "\"",
                  "--set",
                  "train.crop=" + crop,
                  "--set",
                  "train.engine=" + v.engine(),
                  "--set",
                  "train.averaging=" + v.averaging(),
                  "--set",
                  "train.workers=" + workers,
                  "--set",
                  "train.threads=1",
                  "--set",
                  "train.epochs=" + s.epochs(),
                  "--set",
                  "train.batch-size=" + s.batch(),
                  "--set",
                  "train.averaging-frequency=" + s.averagingFrequency(),
                  "--set",
                  "train.validation-fraction=0.1",
                  "--set",
                  "train.keep-checkpoints=1",
                  "--set",
                  "predict.checkpoints=1",
                  "--set",
                  "spark.conf.\"spark.ui.enabled\"=false",
                  // One engine thread per executor: libtorch's through train.threads, ND4J's
                  // (OpenMP, fixed at its native library's load) through the environment.
                  "--set",
                  "spark.conf.\"spark.executorEnv.OMP_NUM_THREADS\"=\"1\"",
                  "--set",
                  "spark.conf.\"spark.extraListeners\"=\"" + ScaleMetrics.class.getName() + "\""));
      args.addAll(cluster.drgradeSettings());
      args.addAll(
          List.of("--set", "spark.conf.\"spark.executor.memory\"=\"" + s.executorMemory() + "\""));
      stopSpark();
      int exit = execute(args.toArray(String[]::new));
      stopSpark();
      if (exit != 0) {
        throw new IllegalStateException(
            "train exited " + exit + " for " + v.name() + " at " + crop + " px, W = " + workers);
      }
    }
    EpochMetrics last =
        Json.parse(
            Files.readString(out.resolve(String.format("epochs/epoch-%04d.json", s.epochs() - 1))),
            EpochMetrics.class);
    long cached = ScaleMetrics.peakCachedRddBytes();
    long held = last.trainImages() + last.valImages();
    return new Run(
        v.name(),
        crop,
        workers,
        repeat,
        last.trainImages(),
        last.seconds(),
        last.imagesPerSecond(),
        null,
        last.rounds(),
        ScaleMetrics.group(TrainStage.EPOCH_JOB_GROUP + s.epochs()),
        cached,
        held == 0 ? 0 : (double) cached / held,
        Math.round((System.nanoTime() - start) / 1e9));
  }

  /** speed(W) / (W x speed(1)), per variant, crop and repeat. */
  static List<Run> efficiencies(List<Run> runs) {
    List<Run> out = new ArrayList<>();
    for (Run r : runs) {
      Run one =
          runs.stream()
              .filter(
                  o ->
                      o.variant().equals(r.variant())
                          && o.crop() == r.crop()
                          && o.repeat() == r.repeat()
                          && o.workers() == 1)
              .findFirst()
              .orElse(null);
      Double e = one == null ? null : r.imagesPerSecond() / (r.workers() * one.imagesPerSecond());
      out.add(
          new Run(
              r.variant(),
              r.crop(),
              r.workers(),
              r.repeat(),
              r.trainImages(),
              r.epochSeconds(),
              r.imagesPerSecond(),
              e,
              r.rounds(),
              r.sparkTotals(),
              r.peakCachedBytes(),
              r.cachedBytesPerImage(),
              r.wallSeconds()));
    }
    return out;
  }

  /**
   * The cached training data for the 3,108 graded images, per variant and crop measured, against
   * the crop as float32 tensors (what the trainer cached before).
   */
  private Map<String, Object> memory(List<Run> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Run r : runs) {
      long floats = 3L * r.crop() * r.crop() * 4;
      out.putIfAbsent(
          r.variant() + " " + r.crop() + "px",
          Map.of(
              "cached_bytes_per_image",
              Math.round(r.cachedBytesPerImage()),
              "cached_mb_for_3108_images",
              Math.round(r.cachedBytesPerImage() * 3108 / 1e6),
              "float32_bytes_per_image",
              floats,
              "float32_mb_for_3108_images",
              Math.round(floats * 3108 / 1e6)));
    }
    out.put(
        "how",
        "peak bytes (memory + disk) of the train stage's largest cached RDD over the images in it,"
            + " times 3,108: drgrade's averaging caches the preprocessed PNG rows; DL4J's master"
            + " caches the decoded minibatches it re-reads per split");
    return out;
  }

  private Map<String, Object> costModel(List<Run> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    int crop = s.crops().stream().mapToInt(Integer::intValue).max().orElse(224);
    for (Run r : runs) {
      if (r.workers() < 2 || r.rounds() == null || r.crop() != crop || r.rounds().rounds() == 0) {
        continue;
      }
      RoundTimes t = r.rounds();
      Map<String, Object> m =
          Variant.of(r.variant()).ring() ? ringModel(r, t) : jobPerRoundModel(r, t);
      out.put(r.variant(), m);
    }
    out.put(
        "why_these_assumptions",
        "GPU: an NVIDIA T4 (EMR's g4dn, the common GPU executor) peaks at 8.1 FP32 TFLOPS; 3x3 convs"
            + " through cuDNN at batch 8 reach about half, hence the default 4 (--gpu-tflops). Network:"
            + " 10 Gbit/s per host (g4dn.xlarge to .4xlarge: up to 25; --network-gbps). The fixed"
            + " per-round cost is the loopback cluster's measured (wall - fit) per round, so it also"
            + " holds the local copies of the state: an upper bound on Spark's own overhead. The"
            + " ring's model (the -allreduce variants) splits its measured exchange into latency"
            + " and host seconds per byte, and shares the once-per-epoch launch over the rounds of"
            + " an epoch of --project-images images (Kaggle's 35,126 training images by default).");
    return out;
  }

  /** The cost model of a Spark job per round (train.averaging = drgrade or dl4j-master). */
  private Map<String, Object> jobPerRoundModel(Run r, RoundTimes t) {
    int crop = r.crop();
    // Fixed per round: everything that is not the workers' fits nor bytes over a network, as
    // measured on loopback (its transfers are local copies, counted in here too: an upper bound).
    double fixed = t.overheadPerRound();
    ScaleCostModel model =
        new ScaleCostModel(
            fixed,
            s.networkGbps() * 1e9 / 8,
            s.gpuTflops() * 1e12,
            s.averagingFrequency(),
            s.batch());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measured_on", r.variant() + " at " + crop + " px, W = " + r.workers());
    m.put("measured_read_seconds_per_image", readPerImage(r, t));
    m.put("measured_overhead_seconds_per_round", fixed);
    m.put(
        "measured_split_seconds_per_round",
        Map.of(
            "broadcast", t.broadcast() / t.rounds(),
            "launch", t.launch() / t.rounds(),
            "gather", t.gather() / t.rounds(),
            "fit", t.fit() / t.rounds(),
            "decode_wait", t.decodeWait() / t.rounds()));
    putAssumptions(m);
    m.put(
        "averaging_frequency_for_10_percent_overhead",
        model.frequencyFor(0.10, s.projectWorkers(), s.projectCrop(), AveragingTrainer::treeDepth));
    m.put(
        "projections",
        model.project(s.projectWorkers(), s.projectCrop(), AveragingTrainer::treeDepth));
    return m;
  }

  /** What both cost models assume, and the projected network's arithmetic. */
  private void putAssumptions(Map<String, Object> m) {
    m.put("assumed_gpu_effective_tflops", s.gpuTflops());
    m.put("assumed_network_gbps", s.networkGbps());
    m.put(
        "training_gflops_per_image_at_" + s.projectCrop(),
        ScaleCostModel.trainingFlops(s.projectCrop()) / 1e9);
    m.put("state_mb_per_round_each_way", ScaleCostModel.stateBytes(s.projectCrop()) / 1e6);
  }

  /**
   * The epoch's read of the cached rows and its plan, per image of the slowest worker's share: work
   * per image that each worker does before its fits (not overlapped with them), beside the GPU's.
   */
  private static double readPerImage(Run r, RoundTimes t) {
    return t.read() / Math.max(1.0, (double) r.trainImages() / r.workers());
  }

  /**
   * The cost model of the workers' ring (train.averaging = allreduce or allreduce-overlap), from W
   * = 2 or more.
   */
  private Map<String, Object> ringModel(Run r, RoundTimes t) {
    double latency = t.ringLatency();
    double exchange = t.gather() / t.rounds();
    double ring = t.ringExchange();
    double copy = t.stateCopy() / t.rounds();
    // Each worker sends 2 (W - 1) / W of the state per round.
    double stateBytes = t.gatheredBytes() * r.workers() / (2.0 * (r.workers() - 1));
    double hostPerByte = Math.max(0, ring - latency) / t.gatheredBytes();
    double epochFixed = Math.max(0, t.wall() - t.fit() - t.gather() - t.read());
    boolean overlapped =
        Variant.of(r.variant()).averaging().equals(AveragingPlan.ALLREDUCE_OVERLAP);
    RingCostModel model =
        new RingCostModel(
            latency / (r.workers() - 1), // W workers' latency is 2 (W - 1) steps; W = 2's is 2
            hostPerByte,
            copy / stateBytes,
            overlapped,
            epochFixed,
            s.networkGbps() * 1e9 / 8,
            s.gpuTflops() * 1e12,
            s.averagingFrequency(),
            s.batch(),
            s.projectImages());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measured_on", r.variant() + " at " + r.crop() + " px, W = " + r.workers());
    m.put("measured_exchange_seconds_per_round", exchange);
    m.put("measured_ring_exchange_seconds", ring);
    m.put("measured_copy_seconds_per_round", copy);
    m.put("measured_ring_latency_seconds", latency);
    m.put("measured_ring_host_seconds_per_mb", hostPerByte * 1e6);
    m.put("measured_copy_seconds_per_state_mb", copy / stateBytes * 1e6);
    m.put("measured_epoch_fixed_seconds", epochFixed);
    m.put("measured_read_seconds_per_image", readPerImage(r, t));
    m.put("measured_bytes_sent_per_worker_per_round", t.gatheredBytes());
    m.put(
        "measured_split_seconds_per_round",
        Map.of(
            "fit",
            t.fit() / t.rounds(),
            "decode_wait",
            t.decodeWait() / t.rounds(),
            "exchange",
            exchange,
            "copy",
            copy));
    m.put(
        "measured_split_seconds_per_epoch",
        Map.of(
            "broadcast", t.broadcast(),
            "launch_and_ring_join", t.launch(),
            "read", t.read(),
            "other", epochFixed - t.broadcast() - t.launch()));
    putAssumptions(m);
    m.put("projected_epoch_images", s.projectImages());
    m.put(
        "projected_exchange",
        overlapped
            ? "beside the next round's compute: only its excess over compute is overhead"
            : "on the round's path, after the fits");
    m.put(
        "averaging_frequency_for_10_percent_overhead",
        model.frequencyFor(0.10, s.projectWorkers(), s.projectCrop()));
    m.put("projections", model.project(s.projectWorkers(), s.projectCrop()));
    return m;
  }

  /** A drgrade command, its summary on stderr: stdout carries the bench's JSON alone. */
  private static int execute(String... args) {
    java.io.PrintStream out = System.out;
    System.setOut(System.err);
    try {
      return Main.execute(args);
    } finally {
      System.setOut(out);
    }
  }

  private static void stopSpark() {
    SparkSession.getDefaultSession()
        .foreach(
            session -> {
              session.stop();
              return null;
            });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
