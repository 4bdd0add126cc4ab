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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
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
import org.drgrade.train.ScheduledTraining;
import org.drgrade.train.SplitTable;
import org.drgrade.train.TrainConfig;
import org.drgrade.train.TrainSummary;
import org.drgrade.train.TrainingSchedule;

/**
 * {@code drgrade bench learn}: how well drgrade learns real photographs, measured so a gain can be
 * told from noise. Patient-level K-fold cross-validation (folds stratified by a patient's worse
 * grade), repeated over seeds; each fold is trained and predicted by the pipeline's own stages
 * (ingest and preprocess once, then train, predict and blend per fold, the code {@code drgrade run}
 * runs) and scored on its held-out patients, as predicted and again after the eye blending. The
 * PyTorch peer script can be trained on exactly the same folds. Folders given as train-only add
 * their patients to every fold's training side and are never validated on. Work is kept under the
 * work directory: a rerun resumes finished folds' training from their checkpoints.
 *
 * <p>A final test no choice has touched: with a holdout, a stratified share of the cross-validated
 * patients, fixed by its own seed and the data alone (so every CV seed and every configuration
 * benched on the same data meets the same test patients), is set aside before any fold is dealt. No
 * fold trains, validates, predicts or scores them. With the final test, one more run per seed
 * trains on every other patient and is scored on them once, as a fold is scored on its held-out
 * patients, and its figures are reported beside the cross-validated ones with whether each lies
 * within their spread: a configuration chosen on the folds that does not hold up there shows.
 */
public final class LearnBench {
  private static final Logger LOG = LogManager.getLogger(LearnBench.class);

  /**
   * What to run. {@code onlyFold} -1 = all folds. {@code holdout} 0 = no final test set; {@code
   * finalTest}: one run per seed scored on the held-out patients after the folds.
   */
  public record Settings(
      List<LabelledFolder> data,
      List<LabelledFolder> trainOnly,
      int folds,
      List<Long> seeds,
      int onlyFold,
      double holdout,
      long holdoutSeed,
      boolean finalTest,
      RealLearningPeer.Recipe recipe,
      Path work,
      Optional<Path> warmFrom,
      Optional<RealLearningPeer> peer) {}

  /** One labelled image of the preprocessed table. */
  private record Image(
      String image, String patient, int level, LabelledFolder folder, boolean trainOnly) {}

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
    // The final test is drawn before any fold and from the holdout seed alone, never from a CV
    // seed: every seed and every configuration on this data is scored on the same patients.
    Set<String> heldOut = heldOut(s, cvWorse);
    cvWorse.keySet().removeAll(heldOut);
    if (cvWorse.size() < s.folds()) {
      throw new ConfigError(
          cvWorse.size()
              + " cross-validated patients left after the holdout cannot fill --folds "
              + s.folds());
    }
    LOG.info(
        "bench learn: {} labelled images, {} patients cross-validated in {} folds, {} held out as"
            + " the final test (--holdout {}, seed {}), {} train-only, seeds {}",
        images.size(),
        cvWorse.size(),
        s.folds(),
        heldOut.size(),
        s.holdout(),
        s.holdoutSeed(),
        worse.size() - cvWorse.size() - heldOut.size(),
        s.seeds());
    Map<String, List<Integer>> perGrade = new LinkedHashMap<>();
    perGrade.put(
        "crossValidated",
        perGrade(
            images, i -> !s.trainOnly().contains(i.folder()) && !heldOut.contains(i.patient())));
    perGrade.put("trainOnly", perGrade(images, i -> s.trainOnly().contains(i.folder())));
    if (!heldOut.isEmpty()) {
      perGrade.put("heldOut", perGrade(images, i -> heldOut.contains(i.patient())));
    }
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
    LearnBenchReport.Holdout holdout =
        heldOut.isEmpty()
            ? null
            : new LearnBenchReport.Holdout(
                s.holdout(),
                s.holdoutSeed(),
                heldOut.size(),
                (int) images.stream().filter(i -> heldOut.contains(i.patient())).count());

    List<LearnBenchReport.FoldRun> runs = new ArrayList<>();
    List<LearnBenchReport.FoldRun> tests = new ArrayList<>();
    int total = s.seeds().size() * ((s.onlyFold() >= 0 ? 1 : s.folds()) + (s.finalTest() ? 1 : 0));
    Runnable done =
        () -> {
          double elapsed = (System.nanoTime() - start) / 1e9;
          int finished = runs.size() + tests.size();
          LOG.info(
              "bench learn: {}/{} runs done in {}, ETA {}",
              finished,
              total,
              Progress.formatSeconds(elapsed),
              Progress.formatSeconds(elapsed / finished * (total - finished)));
          files.writeText(
              s.work().resolve("learn.json").toString(),
              Json.pretty(
                  LearnBenchReport.of(
                      s, images.size(), cvWorse.size(), holdout, perGrade, runs, tests, elapsed)));
        };
    for (long seed : s.seeds()) {
      Map<String, Integer> fold = PatientFolds.stratified(cvWorse, s.folds(), seed);
      for (int f = 0; f < s.folds(); f++) {
        if (s.onlyFold() >= 0 && f != s.onlyFold()) {
          continue;
        }
        Map<String, String> split = new TreeMap<>();
        for (Image i : images) {
          // held-out patients are in no fold run's split: its training stage drops them, and
          // predict and the scores never see them
          if (!heldOut.contains(i.patient())) {
            Integer k = fold.get(i.patient());
            split.put(
                i.patient(), k != null && k == f ? PatientSplit.VALIDATION : PatientSplit.TRAIN);
          }
        }
        runs.add(runFold(s, data, images, split, seed, f));
        done.run();
      }
    }
    if (s.finalTest()) {
      // Once, at the end: every patient outside the holdout trains, the held-out patients take
      // the place of a fold's validation side.
      for (long seed : s.seeds()) {
        Map<String, String> split = new TreeMap<>();
        for (Image i : images) {
          split.put(
              i.patient(),
              heldOut.contains(i.patient()) ? PatientSplit.VALIDATION : PatientSplit.TRAIN);
        }
        tests.add(runFold(s, data, images, split, seed, null));
        done.run();
      }
      LOG.info(
          "bench learn: the final test against cross-validation: {}",
          LearnBenchReport.of(s, images.size(), cvWorse.size(), holdout, perGrade, runs, tests, 0)
              .finalTestVerdict());
    }
    return LearnBenchReport.of(
        s,
        images.size(),
        cvWorse.size(),
        holdout,
        perGrade,
        runs,
        tests,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The final test's patients: {@code holdout} of the cross-validated patients of each worse grade,
   * drawn by the holdout seed alone (none without a holdout).
   */
  private static Set<String> heldOut(Settings s, Map<String, Integer> cvWorse) {
    Set<String> out = new TreeSet<>();
    if (s.holdout() <= 0) {
      return out;
    }
    List<PatientSplit.Patient> patients = new ArrayList<>();
    cvWorse.forEach((patient, grade) -> patients.add(new PatientSplit.Patient(patient, grade)));
    PatientSplit.assign(patients, s.holdout(), s.holdoutSeed())
        .forEach(
            (patient, side) -> {
              if (PatientSplit.VALIDATION.equals(side)) {
                out.add(patient);
              }
            });
    if (out.isEmpty()) {
      throw new ConfigError(
          "--holdout "
              + s.holdout()
              + " of "
              + cvWorse.size()
              + " cross-validated patients holds out none (rounded per grade): give a larger"
              + " fraction");
    }
    return out;
  }

  /** Images per grade 0-4 of the images that {@code which} takes. */
  private static List<Integer> perGrade(List<Image> images, Predicate<Image> which) {
    Integer[] counts = {0, 0, 0, 0, 0};
    images.stream().filter(which).forEach(i -> counts[i.level()]++);
    return List.of(counts);
  }

  /** Ingest and preprocess every folder once (kept for later runs on the same data and size). */
  private List<Image> preprocess(Settings s, String dir) {
    List<LabelledFolder> all = new ArrayList<>(s.data());
    all.addAll(s.trainOnly());
    // train-only folders go in as the pipeline's training-only images (ingest.extra-images), so
    // the train stage itself keeps them out of validation and predict never predicts them
    DrgradeConfig cfg =
        configWith.apply(
            List.of(
                "run.output=" + quote(dir),
                "ingest.images="
                    + quote(join(s.data().stream().map(LabelledFolder::images).toList())),
                "ingest.labels="
                    + quote(join(s.data().stream().map(LabelledFolder::labels).toList())),
                "ingest.extra-images="
                    + quote(join(s.trainOnly().stream().map(LabelledFolder::images).toList())),
                "ingest.extra-labels="
                    + quote(join(s.trainOnly().stream().map(LabelledFolder::labels).toList())),
                "ingest.test-images=\"\"",
                "preprocess.size=" + s.recipe().size()));
    String preprocessed = cfg.string("preprocess.output");
    TrainingSchedule schedule = TrainingSchedule.from(cfg);
    TrainConfig last = schedule.last().train();
    if (last.sourceSize() != s.recipe().size() || last.network().inputSize() != s.recipe().crop()) {
      // the data dir, the peer and the report are named by --size and --crop
      throw new ConfigError(
          "drgrade.train.schedule ends at "
              + last.sourceSize()
              + "/"
              + last.network().inputSize()
              + ": give --size "
              + last.sourceSize()
              + " --crop "
              + last.network().inputSize()
              + ", its last step");
    }
    if (!schedule.preprocessing().stream()
        .allMatch(p -> StageMarker.isComplete(files, p.output()))) {
      System.err.println(new IngestStage(spark).run(IngestConfig.from(cfg)).text());
      // each size drgrade.train.schedule trains at, once
      for (PreprocessStageConfig step : schedule.preprocessing()) {
        System.err.println(new PreprocessStage(spark).run(step).text());
      }
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
      out.add(
          new Image(
              r.getString(0), r.getString(1), r.getInt(2), folder, s.trainOnly().contains(folder)));
    }
    return out;
  }

  /**
   * Trains, predicts, blends and scores one run: fold {@code f} of a seed, or with {@code f} null
   * the seed's final test run. {@code split} holds every patient the run may see (train or
   * validation, the validation side being the patients scored); a patient absent from it (the final
   * test's, in a fold run) is neither trained on nor scored.
   */
  private LearnBenchReport.FoldRun runFold(
      Settings s,
      String data,
      List<Image> images,
      Map<String, String> split,
      long seed,
      Integer f) {
    long t0 = System.nanoTime();
    // the final test run's dir is named alike in every --work, so --warm-from finds it
    String name = "seed-" + seed + (f == null ? "-test" : "-fold-" + f);
    String dir = s.work().resolve("runs").resolve(name).toString();
    List<String> overrides = new ArrayList<>(foldOverrides(s, data, dir, seed));
    Optional<String> warm = s.warmFrom().map(w -> w.resolve("runs").resolve(name).toString());
    warm.ifPresent(w -> overrides.add("train.warm-start=" + quote(HadoopFiles.join(w, "model"))));
    DrgradeConfig cfg = configWith.apply(overrides);
    TrainingSchedule schedule = TrainingSchedule.from(cfg);
    // the run's own settings: with drgrade.train.schedule its last step's
    TrainConfig train = schedule.last().train();
    Set<String> validation = new TreeSet<>();
    split.forEach(
        (patient, side) -> {
          if (PatientSplit.VALIDATION.equals(side)) {
            validation.add(patient);
          }
        });
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
    List<TrainSummary> steps = new ScheduledTraining(spark).run(schedule);
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
    // With inner folds, patients in no split/ row are all "unassigned": the final test's too.
    // They are predicted then, but only this run's validation patients are scored.
    FoldScores scores = score(predict.output(), scored, validation, prior);
    // What drgrade run submits: the blend stage's per-patient eye blending on top. With one
    // network per fold the blend is fitted on the held-out patients themselves, and each of them
    // gets the output of a blender (linear or network) fitted without that patient.
    BlendSummary blend = new BlendStage(spark).run(BlendConfig.from(cfg));
    FoldScores blended = score(blend.output(), scored, validation, prior);
    // every step's epochs (one step without a schedule)
    double epochSeconds =
        steps.stream().flatMap(t -> t.history().stream()).mapToDouble(EpochMetrics::seconds).sum();
    long epochImages =
        steps.stream()
            .flatMap(t -> t.history().stream())
            .mapToLong(EpochMetrics::trainImages)
            .sum();
    double wall = (System.nanoTime() - t0) / 1e9;
    JsonNode peer = s.peer().map(pr -> runPeer(pr, s, images, split, seed, dir)).orElse(null);
    LOG.info(
        "bench learn: seed {} {}: kappa argmax {} exact rule {}, referable AUC {}, log-loss"
            + " {} (prior {}); after blending ({}): kappa argmax {} exact rule {}, referable AUC"
            + " {}{}",
        seed,
        f == null ? "final test" : "fold " + f,
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

  /**
   * Scores the rows of {@code split} of the {@code patients} in a stage output's predictions/
   * (predict's or blend's).
   */
  private FoldScores score(
      String stageOutput, String split, Set<String> patients, double[] trainPrior) {
    List<Row> rows =
        spark
            .read()
            .parquet(PredictionsTable.dir(stageOutput))
            .filter(col("split").equalTo(split))
            .select("patient", "level", "p0", "p1", "p2", "p3", "p4")
            .collectAsList()
            .stream()
            .filter(r -> patients.contains(r.getString(0)))
            .toList();
    double[][] p = new double[rows.size()][];
    int[] truth = new int[rows.size()];
    for (int n = 0; n < rows.size(); n++) {
      Row r = rows.get(n);
      truth[n] = r.getInt(1);
      p[n] =
          PredictionsTable.normalise(
              new double[] {
                r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)
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
      if (!split.containsKey(i.patient())) {
        continue; // the final test's patients, in a fold run: the peer never sees them either
      }
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
  private static final Map<String, Object> BEFORE_THE_KEY_EXISTED =
      Map.of("train.head", "softmax", "train.schedule", List.of());

  /**
   * A rerun on the same --work resumes the fold runs it finds there, so they must have been trained
   * with the same settings: the train, predict and preprocess keys (but paths and the per-seed
   * seed), the recipe, the data and the holdout are kept in training.json and compared. Without
   * this, a bench of another option would silently score the earlier option's networks. A key that
   * a later drgrade added is missing from an earlier file; it is compared at the value that was
   * drgrade's behaviour before the key existed (not at today's default, which may have changed
   * since).
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
    // The holdout changes every fold's patients, and a fold whose split/ is finished keeps it: a
    // rerun with another holdout would mix folds dealt with and without those patients. A --work
    // from before --holdout existed held out none.
    String holdout =
        s.holdout() > 0 ? "fraction=" + s.holdout() + " seed=" + s.holdoutSeed() : "none";
    fingerprint.append("holdout ").append(holdout).append('\n');
    same &= earlier.isEmpty() || earlier.getOrDefault("holdout", "none").equals(holdout);
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
    Map<String, Boolean> trainOnly = new TreeMap<>();
    for (Image i : images) {
      if (PatientSplit.TRAIN.equals(split.get(i.patient()))) {
        worse.merge(i.patient(), i.level(), Math::max);
        trainOnly.merge(i.patient(), i.trainOnly(), Boolean::logicalAnd);
      }
    }
    // train-only patients are in no inner fold: the train stage trains them in every one
    worse.keySet().removeIf(trainOnly::get);
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
                  (s.data()
                          + "|"
                          + s.trainOnly()
                          // train-only folders ingested as extra-images: their own data dir
                          + (s.trainOnly().isEmpty() ? "" : "|extra-images")
                          + "|"
                          + Json.pretty(image))
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
