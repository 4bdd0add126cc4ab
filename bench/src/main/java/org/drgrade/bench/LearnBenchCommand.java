package org.drgrade.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.drgrade.cli.SparkCommand;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.io.Json;
import org.drgrade.spark.LocalStandaloneCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code drgrade bench learn}: cross-validated learning on real graded photographs, as JSON. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = {
      "Patient-level K-fold cross-validation over seeds on real graded images, each fold trained and",
      "predicted by the pipeline's own stages (the configured engine; --set keys apply), scored on its",
      "held-out patients: kappa (argmax and the exact rule), referable-DR ROC AUC, log-loss beside the",
      "class prior's, training images/s and wall time; optionally the PyTorch peer script on the same",
      "folds, with paired differences. --holdout sets a stratified share of the patients aside,",
      "fixed by its own seed, that no fold trains, validates or is scored on; --final-test then trains",
      "one network per seed on every other patient and scores it once on them, reported beside the",
      "cross-validated figures with whether each lies within their spread. Prints JSON; a rerun on",
      "the same --work resumes."
    })
final class LearnBenchCommand extends SparkCommand {
  /** The labelled folders of ../shared/data that existed before eyepacs-256-extra. */
  static final List<String> DEFAULT_FOLDERS =
      List.of("eyepacs-sample", "eyepacs-fullres", "srahim-dr", "eyepacs-256-preprocessed");

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      split = ",",
      paramLabel = "DIR:LABELS",
      description =
          "Graded folders to cross-validate, each with its image,level CSV (default: the four"
              + " original labelled folders of --shared-data).")
  List<String> data;

  @Option(
      names = "--train-only",
      split = ",",
      paramLabel = "DIR:LABELS",
      description =
          "Graded folders added to every fold's training side, never validated on (e.g."
              + " ../shared/data/fundus/eyepacs-256-extra:../shared/data/labels/eyepacs-256-extra.csv).")
  List<String> trainOnly = new ArrayList<>();

  @Option(
      names = "--shared-data",
      defaultValue = "../shared/data",
      description = "Where the default folders lie (default: ${DEFAULT-VALUE}).")
  Path sharedData;

  @Option(names = "--folds", defaultValue = "5", description = "Folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "1,2",
      description = "Seeds of the folds, weights and augmentation (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--fold",
      defaultValue = "-1",
      description = "Run only this fold (0-based) of each seed; -1 = all (default).")
  int fold;

  @Option(
      names = "--holdout",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "Set this fraction of the cross-validated patients aside as a final test before any"
              + " folding (stratified by their worse grade, drawn by --holdout-seed alone, so every"
              + " seed and configuration meets the same ones): no fold trains, validates or is"
              + " scored on them; 0 = none (default). Part of what a rerun on the same --work must"
              + " match.")
  double holdout;

  @Option(
      names = "--holdout-seed",
      defaultValue = "2015",
      description = "Seed of the --holdout draw (default: ${DEFAULT-VALUE}).")
  long holdoutSeed;

  @Option(
      names = "--final-test",
      description =
          "After the fold runs, train one network per seed on every patient outside the holdout"
              + " (and the train-only ones) and score it once on the held-out patients, as a fold"
              + " is scored (runs/seed-S-test); reported as finalTest beside the cross-validated"
              + " figures, each said to be within their spread or not. Needs --holdout.")
  boolean finalTest;

  @Option(
      names = "--size",
      defaultValue = "128",
      description = "Preprocessed image size (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--crop",
      defaultValue = "112",
      description = "Training crop (default: ${DEFAULT-VALUE}).")
  int crop;

  @Option(
      names = "--epochs",
      defaultValue = "30",
      description =
          "Epochs; the learning rate steps x0.1 at 60 %% and 85 %% of them, as the peer's does"
              + " (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--rate",
      defaultValue = "0.01",
      description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--work",
      defaultValue = "out/bench-learn",
      description =
          "Where the preprocessed data, each fold's run and learn.json are kept (default:"
              + " ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--warm-from",
      description =
          "Progressive resizing: the --work directory of an earlier bench learn on the same data,"
              + " folds and seeds (usually at a smaller --size); each fold's training starts from"
              + " that fold's model (drgrade.train.warm-start).")
  Path warmFrom;

  @Option(
      names = "--peer",
      defaultValue = "../shared/bench/torch_real_learning.py",
      description =
          "The PyTorch peer script, trained on the same folds; skipped with a note if the default"
              + " path does not exist (default: ${DEFAULT-VALUE}).")
  Path peer;

  @Option(names = "--no-peer", description = "Do not run the PyTorch peer.")
  boolean noPeer;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description =
          "Python with torch and cv2 for the peer (apt-get install python3-torch python3-opencv;"
              + " default: ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--cluster",
      defaultValue = "0",
      description =
          "Run on a real Spark standalone cluster started on this machine with this many one-core"
              + " executors (train.workers then defaults to one per executor); 0 = the configured"
              + " master (default).")
  int cluster;

  private LearnBench.Settings settings;

  @Override
  public Integer call() {
    if (cluster <= 0) {
      return super.call();
    }
    try (LocalStandaloneCluster c =
        LocalStandaloneCluster.start(work.toAbsolutePath().resolve("cluster"), cluster)) {
      configOptions.override(c.settings());
      return super.call();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot start the local cluster", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting the local cluster", e);
    }
  }

  @Override
  protected void prepare(DrgradeConfig config) {
    List<LabelledFolder> cv = folders(data == null ? defaultData() : data);
    List<LabelledFolder> extra = folders(trainOnly);
    if (folds < 2) {
      throw new ParameterException(spec.commandLine(), "--folds must be at least 2");
    }
    if (fold >= folds) {
      throw new ParameterException(spec.commandLine(), "--fold " + fold + " >= --folds " + folds);
    }
    if (crop > size) {
      throw new ParameterException(spec.commandLine(), "--crop must not exceed --size");
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--holdout is a fraction of the patients, in [0, 1): " + holdout);
    }
    if (finalTest && holdout == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--final-test scores the patients --holdout sets aside: give --holdout FRACTION > 0");
    }
    settings =
        new LearnBench.Settings(
            cv,
            extra,
            folds,
            seeds,
            fold,
            holdout,
            holdoutSeed,
            finalTest,
            new RealLearningPeer.Recipe(
                size, crop, epochs, batch, rate, Runtime.getRuntime().availableProcessors()),
            work.toAbsolutePath().normalize(),
            Optional.ofNullable(warmFrom).map(p -> p.toAbsolutePath().normalize()),
            peer());
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    System.out.println(Json.pretty(new LearnBench(spark, configOptions::load).run(settings)));
    return 0;
  }

  private List<String> defaultData() {
    Path fundus = sharedData.resolve("fundus");
    Path labels = sharedData.resolve("labels");
    List<String> out = new ArrayList<>();
    for (String name : DEFAULT_FOLDERS) {
      if (Files.isDirectory(fundus.resolve(name))) {
        out.add(fundus.resolve(name) + ":" + labels.resolve(name + ".csv"));
      }
    }
    if (out.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no graded folders under " + fundus + ": give them as --data DIR:LABELS,...");
    }
    return out;
  }

  private List<LabelledFolder> folders(List<String> specs) {
    List<LabelledFolder> out = new ArrayList<>();
    for (String s : specs) {
      LabelledFolder f;
      try {
        f = LabelledFolder.parse(s);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (!Files.isDirectory(f.images()) || !Files.isRegularFile(f.labels())) {
        throw new ParameterException(
            spec.commandLine(), "no folder " + f.images() + " or no labels file " + f.labels());
      }
      out.add(f);
    }
    return out;
  }

  private Optional<RealLearningPeer> peer() {
    return PeerScript.resolve(spec, peer, noPeer)
        .map(script -> new RealLearningPeer(script, python));
  }
}
