package org.drgrade.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drgrade.blend.BlendConfig;
import org.drgrade.blend.BlendStage;
import org.drgrade.blend.BlendSummary;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.folds.PatientFolds;
import org.drgrade.folds.PatientSplit;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.IngestStage;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.StageMarker;
import org.drgrade.predict.PredictConfig;
import org.drgrade.predict.PredictStage;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.drgrade.preprocess.PreprocessedTable;
import org.drgrade.spark.Progress;
import org.drgrade.train.EpochMetrics;
import org.drgrade.train.SplitTable;
import org.drgrade.train.TrainConfig;
import org.drgrade.train.TrainStage;
import org.drgrade.train.TrainSummary;

/**
 * {@code drgrade bench learn}: how well drgrade learns real photographs, measured so a gain can be
 * told from noise. Patient-level K-fold cross-validation (folds stratified by a patient's worse
 * grade), repeated over seeds; each fold is trained and predicted by the pipeline's own stages
 * (ingest and preprocess once, then train, predict and blend per fold, the code {@code drgrade run}
 * runs) and scored on its held-out patients, as predicted and again after the eye blending. The
 * PyTorch peer script can be trained on exactly the same folds. Folders given as train-only add
 * their patients to every fold's training side and are never validated on. Work is kept under the
 * work directory: a rerun resumes finished folds' training from their checkpoints.
 */
public final class LearnBench {
  private static final Logger LOG = LogManager.getLogger(LearnBench.class);

  /** What to run. {@code onlyFold} -1 = all folds. */
  public record Settings(
      List<LabelledFolder> data,
      List<LabelledFolder> trainOnly,
      int folds,
      List<Long> seeds,
      int onlyFold,
      RealLearningPeer.Recipe recipe,
      Path work,
      Optional<Path> warmFrom,
      Optional<RealLearningPeer> peer) {}

  /** One labelled image of the preprocessed table. */
  private record Image(String image, String patient, int level, LabelledFolder folder) {}

  private final SparkSession spark;
  private final HadoopFiles files;
  private final Function<List<String>, DrgradeConfig> configWith;

  /**
   * @param configWith the user's configuration with the given overrides added last
   */
  public LearnBench(SparkSession spark, Function<List<String>, DrgradeConfig> configWith) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    this.configWith = configWith;
  }

  public LearnBenchReport run(Settings s) {
    long start = System.nanoTime();
    // the preprocessing parameters are part of the key: a bench with another method or size never
    // reads images preprocessed for an earlier one
    PreprocessConfig image =
        PreprocessStageConfig.from(
                configWith.apply(List.of("preprocess.size=" + s.recipe().size())))
            .image();
    String data = s.work().resolve("data-" + s.recipe().size() + "-" + key(s, image)).toString();
    requireSameTraining(s, data);
    List<Image> images = preprocess(s, data);
    Map<String, Integer> worse = new TreeMap<>();
    Map<String, Boolean> trainOnly = new TreeMap<>();
    for (Image i : images) {
      worse.merge(i.patient(), i.level(), Math::max);
      trainOnly.merge(i.patient(), s.trainOnly().contains(i.folder()), Boolean::logicalAnd);
    }
    Map<String, Integer> cvWorse = new TreeMap<>(worse);
    cvWorse.keySet().removeIf(trainOnly::get);
    LOG.info(
        "bench learn: {} labelled images, {} patients cross-validated in {} folds, {} train-only,"
            + " seeds {}",
        images.size(),
        cvWorse.size(),
        s.folds(),
        worse.size() - cvWorse.size(),
        s.seeds());
    Map<String, List<Integer>> perGrade = new LinkedHashMap<>();
    perGrade.put("crossValidated", perGrade(images, s, false));
    perGrade.put("trainOnly", perGrade(images, s, true));
    if (!s.trainOnly().isEmpty()) {
      // train-only data of another grade mix shifts what the network learns as its prior;
      // docs/benchmarks.md measures that and the resampling that undoes it: say how to ask for it
      LOG.info(
          "bench learn: images per grade 0-4: cross-validated {}, train-only {}; to train towards"
              + " the cross-validated mix: --set 'train.class-balance.toward={}'",
          perGrade.get("crossValidated"),
          perGrade.get("trainOnly"),
          perGrade.get("crossValidated").toString().replace(" ", ""));
    }

    List<LearnBenchReport.FoldRun> runs = new ArrayList<>();
    int total = s.seeds().size() * (s.onlyFold() >= 0 ? 1 : s.folds());
    for (long seed : s.seeds()) {
      Map<String, Integer> fold = PatientFolds.stratified(cvWorse, s.folds(), seed);
      for (int f = 0; f < s.folds(); f++) {
        if (s.onlyFold() >= 0 && f != s.onlyFold()) {
          continue;
        }
        runs.add(runFold(s, data, images, fold, seed, f));
        double elapsed = (System.nanoTime() - start) / 1e9;
        LOG.info(
            "bench learn: {}/{} fold runs done in {}, ETA {}",
            runs.size(),
            total,
            Progress.formatSeconds(elapsed),
            Progress.formatSeconds(elapsed / runs.size() * (total - runs.size())));
        files.writeText(
            s.work().resolve("learn.json").toString(),
            Json.pretty(
                LearnBenchReport.of(s, images.size(), cvWorse.size(), perGrade, runs, elapsed)));
      }
    }
    return LearnBenchReport.of(
        s, images.size(), cvWorse.size(), perGrade, runs, (System.nanoTime() - start) / 1e9);
  }

  /** Images per grade 0-4 of the cross-validated or of the train-only folders. */
  private static List<Integer> perGrade(List<Image> images, Settings s, boolean trainOnly) {
    Integer[] counts = {0, 0, 0, 0, 0};
    images.stream()
        .filter(i -> s.trainOnly().contains(i.folder()) == trainOnly)
        .forEach(i -> counts[i.level()]++);
    return List.of(counts);
  }

  /** Ingest and preprocess every folder once (kept for later runs on the same data and size). */
  private List<Image> preprocess(Settings s, String dir) {
    List<LabelledFolder> all = new ArrayList<>(s.data());
    all.addAll(s.trainOnly());
    DrgradeConfig cfg =
        configWith.apply(
            List.of(
                "run.output=" + quote(dir),
                "ingest.images=" + quote(join(all.stream().map(LabelledFolder::images).toList())),
                "ingest.labels=" + quote(join(all.stream().map(LabelledFolder::labels).toList())),
                "ingest.test-images=\"\"",
                "preprocess.size=" + s.recipe().size()));
    String preprocessed = cfg.string("preprocess.output");
    if (!StageMarker.isComplete(files, preprocessed)) {
      System.err.println(new IngestStage(spark).run(IngestConfig.from(cfg)).text());
      System.err.println(new PreprocessStage(spark).run(PreprocessStageConfig.from(cfg)).text());
    }
    List<Image> out = new ArrayList<>();
    for (Row r :
        PreprocessedTable.images(spark, preprocessed)
            .filter(col("level").isNotNull())
            .select("image", "patient", "level", "source_path")
            .collectAsList()) {
      String source = r.getString(3);
      LabelledFolder folder =
          all.stream()
              .filter(f -> f.holds(source))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException(source + " is in no given folder"));
      out.add(new Image(r.getString(0), r.getString(1), r.getInt(2), folder));
    }
    return out;
  }

  private LearnBenchReport.FoldRun runFold(
      Settings s, String data, List<Image> images, Map<String, Integer> fold, long seed, int f) {
    long t0 = System.nanoTime();
    String dir = s.work().resolve("runs").resolve("seed-" + seed + "-fold-" + f).toString();
    List<String> overrides = new ArrayList<>(foldOverrides(s, data, dir, seed));
    Optional<String> warm =
        s.warmFrom().map(w -> w.resolve("runs").resolve("seed-" + seed + "-fold-" + f).toString());
    warm.ifPresent(w -> overrides.add("train.warm-start=" + quote(HadoopFiles.join(w, "model"))));
    DrgradeConfig cfg = configWith.apply(overrides);
    TrainConfig train = TrainConfig.from(cfg);
    Map<String, String> split = new TreeMap<>();
    for (Image i : images) {
      Integer k = fold.get(i.patient());
      split.put(i.patient(), k != null && k == f ? PatientSplit.VALIDATION : PatientSplit.TRAIN);
    }
    // With drgrade.train.folds = K > 1 the fold's training patients are cross-validated inside
    // it (K networks, the pipeline's train.folds) and the held-out patients are in no inner fold:
    // predict grades them with all K networks, as it grades test images.
    Map<String, Integer> inner = train.folds() > 1 ? innerFolds(images, split, train) : Map.of();
    Map<String, String> saved = new TreeMap<>(split);
    if (train.folds() > 1) {
      saved.keySet().retainAll(inner.keySet());
      saved.replaceAll((patient, side) -> PatientSplit.VALIDATION);
    }
    if (warm.isPresent()) {
      requireSameSplit(HadoopFiles.join(warm.get(), "train/split"), saved);
    }
    if (!StageMarker.isComplete(files, HadoopFiles.join(train.output(), "split"))) {
      if (train.folds() > 1) {
        SplitTable.writeFolds(spark, train.output(), inner);
      } else {
        SplitTable.write(spark, train.output(), split);
      }
    }
    TrainSummary trained = new TrainStage(spark).run(train);
    String scored = train.folds() > 1 ? PredictionsTable.UNASSIGNED : PatientSplit.VALIDATION;
    // Only the held-out patients are scored, so only they are predicted: with --train-only data a
    // fold's training images are most of the images. With inner folds the blend is fitted, as in
    // drgrade run, on the training patients' out-of-fold predictions (their split is validation),
    // so those are predicted too.
    PredictConfig all = PredictConfig.from(cfg);
    PredictConfig predict =
        new PredictConfig(
            all.preprocessed(),
            all.trained(),
            all.model(),
            all.output(),
            all.views(),
            train.folds() > 1 ? List.of(scored, PatientSplit.VALIDATION) : List.of(scored));
    new PredictStage(spark).run(predict);
    int[] trainGrades =
        images.stream()
            .filter(i -> PatientSplit.TRAIN.equals(split.get(i.patient())))
            .mapToInt(Image::level)
            .toArray();
    double[] prior = FoldScores.prior(trainGrades);
    FoldScores scores = score(predict.output(), scored, prior);
    // What drgrade run submits: the blend stage's per-patient eye blending on top. With one
    // network per fold the blend is fitted on the held-out patients themselves, and each of them
    // gets the output of a blender (linear or network) fitted without that patient.
    BlendSummary blend = new BlendStage(spark).run(BlendConfig.from(cfg));
    FoldScores blended = score(blend.output(), scored, prior);
    double epochSeconds = trained.history().stream().mapToDouble(EpochMetrics::seconds).sum();
    long epochImages = trained.history().stream().mapToLong(EpochMetrics::trainImages).sum();
    double wall = (System.nanoTime() - t0) / 1e9;
    JsonNode peer = s.peer().map(pr -> runPeer(pr, s, images, split, seed, dir)).orElse(null);
    LOG.info(
        "bench learn: seed {} fold {}: kappa argmax {} exact rule {}, referable AUC {}, log-loss"
            + " {} (prior {}); after blending ({}): kappa argmax {} exact rule {}, referable AUC"
            + " {}{}",
        seed,
        f,
        scores.kappaArgmax(),
        scores.kappaExactRule(),
        scores.referableAuc(),
        String.format("%.4f", scores.logLoss()),
        String.format("%.4f", scores.priorLogLoss()),
        blend.method(),
        blended.kappaArgmax(),
        blended.kappaExactRule(),
        blended.referableAuc(),
        peer == null
            ? ""
            : "; peer kappa argmax "
                + peer.path("kappa_argmax")
                + " optimum "
                + peer.path("kappa_proxy_optimum"));
    return new LearnBenchReport.FoldRun(
        seed,
        f,
        trainGrades.length,
        scores.images(),
        scores,
        blend.method(),
        blended,
        epochSeconds > 0 ? epochImages / epochSeconds : Double.NaN,
        epochSeconds,
        wall,
        peer);
  }

  /** Scores the rows of {@code split} in a stage output's predictions/ (predict's or blend's). */
  private FoldScores score(String stageOutput, String split, double[] trainPrior) {
    List<Row> rows =
        spark
            .read()
            .parquet(PredictionsTable.dir(stageOutput))
            .filter(col("split").equalTo(split))
            .select("level", "p0", "p1", "p2", "p3", "p4")
            .collectAsList();
    double[][] p = new double[rows.size()][];
    int[] truth = new int[rows.size()];
    for (int n = 0; n < rows.size(); n++) {
      Row r = rows.get(n);
      truth[n] = r.getInt(0);
      p[n] =
          PredictionsTable.normalise(
              new double[] {
                r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5)
              });
    }
    return FoldScores.of(p, truth, trainPrior);
  }

  private JsonNode runPeer(
      RealLearningPeer peer,
      Settings s,
      List<Image> images,
      Map<String, String> split,
      long seed,
      String dir) {
    Map<LabelledFolder, Map<String, Integer>> train = new LinkedHashMap<>();
    Map<LabelledFolder, Map<String, Integer>> test = new LinkedHashMap<>();
    for (Image i : images) {
      var side = PatientSplit.VALIDATION.equals(split.get(i.patient())) ? test : train;
      side.computeIfAbsent(i.folder(), k -> new TreeMap<>()).put(i.image(), i.level());
    }
    long t0 = System.nanoTime();
    JsonNode json =
        peer.run(
            train,
            test,
            s.recipe(),
            seed,
            Path.of(dir).resolve("peer"),
            s.work().resolve("peer-cache"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) json)
        .put("wall_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    return json;
  }

  /**
   * The fold's settings on top of the user's: its own output, the shared preprocessed data, the
   * seed, and the recipe the peer gets too (size, crop, batch, epochs, and the peer's step
   * schedule: x0.1 at 60 % and at 85 % of the epochs).
   */
  private static List<String> foldOverrides(Settings s, String data, String dir, long seed) {
    RealLearningPeer.Recipe r = s.recipe();
    Map<Integer, Double> plan = new TreeMap<>();
    plan.put(0, r.rate());
    for (int[] step : new int[][] {{(int) (r.epochs() * 0.6), 1}, {(int) (r.epochs() * 0.85), 2}}) {
      if (step[0] > 0) {
        plan.put(step[0], r.rate() * Math.pow(0.1, step[1]));
      }
    }
    List<String> rates = new ArrayList<>();
    plan.forEach((epoch, rate) -> rates.add(quote(epoch + ":" + rate)));
    return List.of(
        "run.output=" + quote(dir),
        "preprocess.output=" + quote(HadoopFiles.join(data, "preprocess")),
        "preprocess.size=" + r.size(),
        "train.crop=" + r.crop(),
        "train.batch-size=" + r.batch(),
        "train.epochs=" + r.epochs(),
        "train.learning-rates=[" + String.join(",", rates) + "]",
        "train.seed=" + seed);
  }

  /**
   * Keys added after training.json was introduced, with what drgrade did before each existed. A new
   * train, predict or preprocess key belongs here, or earlier --work directories stop resuming.
   */
  private static final Map<String, Object> BEFORE_THE_KEY_EXISTED = Map.of("train.head", "softmax");

  /**
   * A rerun on the same --work resumes the fold runs it finds there, so they must have been trained
   * with the same settings: the train, predict and preprocess keys (but paths and the per-seed
   * seed), the recipe and the data are kept in training.json and compared. Without this, a bench of
   * another option would silently score the earlier option's networks. A key that a later drgrade
   * added is missing from an earlier file; it is compared at the value that was drgrade's behaviour
   * before the key existed (not at today's default, which may have changed since).
   */
  private void requireSameTraining(Settings s, String data) {
    DrgradeConfig cfg = configWith.apply(foldOverrides(s, data, "runs", 0));
    String path = s.work().resolve("training.json").toString();
    Map<String, String> earlier = new TreeMap<>();
    if (files.exists(path)) {
      for (String line : files.readText(path).split("\n")) {
        int space = line.indexOf(' ');
        earlier.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    StringBuilder fingerprint = new StringBuilder();
    boolean same = true;
    for (String section : List.of("train", "predict", "preprocess")) {
      Config c = cfg.raw().getConfig(section).withoutPath("output");
      c = c.hasPath("seed") && section.equals("train") ? c.withoutPath("seed") : c;
      fingerprint.append(section).append(' ').append(render(c)).append('\n');
      if (earlier.containsKey(section)) {
        Config then = ConfigFactory.parseString(earlier.get(section));
        for (var entry : c.entrySet()) {
          String key = entry.getKey();
          Object before = BEFORE_THE_KEY_EXISTED.get(section + "." + key);
          if (!then.hasPath(key) && entry.getValue().unwrapped().equals(before)) {
            c = c.withoutPath(key);
          }
        }
        same &= render(c).equals(earlier.get(section));
      }
    }
    fingerprint.append("data ").append(data).append('\n');
    same &= !earlier.containsKey("data") || earlier.get("data").equals(data);
    if (!same) {
      throw new ConfigError(
          "--work "
              + s.work()
              + " holds fold runs trained with other settings (its training.json):\n"
              + files.readText(path)
              + "this bench asks for:\n"
              + fingerprint
              + "give another --work, or delete that one");
    }
    files.writeText(path, fingerprint.toString());
  }

  private static String render(Config c) {
    return c.root().render(ConfigRenderOptions.concise());
  }

  /** The inner folds of a fold's training patients, stratified by their worse grade. */
  private static Map<String, Integer> innerFolds(
      List<Image> images, Map<String, String> split, TrainConfig train) {
    Map<String, Integer> worse = new TreeMap<>();
    for (Image i : images) {
      if (PatientSplit.TRAIN.equals(split.get(i.patient()))) {
        worse.merge(i.patient(), i.level(), Math::max);
      }
    }
    return PatientFolds.stratified(worse, train.folds(), train.seed());
  }

  /**
   * A fold may only warm-start from a model trained on its own training patients: the earlier run's
   * split must be this fold's, patient for patient.
   */
  private void requireSameSplit(String earlier, Map<String, String> split) {
    if (!StageMarker.isComplete(files, earlier)) {
      throw new ConfigError("--warm-from: no finished fold run with a split at " + earlier);
    }
    Map<String, String> theirs = new TreeMap<>();
    for (Row r : spark.read().parquet(earlier).collectAsList()) {
      theirs.put(r.getAs("patient"), r.getAs("split"));
    }
    if (!theirs.equals(split)) {
      throw new ConfigError(
          "--warm-from: the split at "
              + earlier
              + " is not this fold's (other data, folds or seed): a fold would start from weights"
              + " that saw its validation patients");
    }
  }

  /**
   * A short digest of the data folders and the preprocessing parameters, so another set of folders
   * or another preprocessing gets its own preprocessed data.
   */
  private static String key(Settings s, PreprocessConfig image) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (s.data() + "|" + s.trainOnly() + "|" + Json.pretty(image))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String join(List<Path> paths) {
    return String.join(",", paths.stream().map(Path::toString).toList());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
