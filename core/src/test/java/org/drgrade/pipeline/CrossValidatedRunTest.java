package org.drgrade.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;
import org.drgrade.io.Stage;
import org.drgrade.model.Augmenter;
import org.drgrade.model.InputContract;
import org.drgrade.model.ModelDescriptor;
import org.drgrade.model.Standardisation;
import org.drgrade.predict.EnsemblePredictor;
import org.drgrade.predict.PredictionsTable;
import org.drgrade.preprocess.ChannelStats;
import org.drgrade.preprocess.ChannelStatsTable;
import org.drgrade.preprocess.PreprocessedTable;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.IntegrationTest;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drgrade run --set train.folds=2}: one network per patient fold, every labelled image
 * predicted out of fold (by the networks of the fold that held its patient out, and by no other),
 * test images by all folds' networks; blend, decide and report run on those out-of-fold
 * predictions, and a rerun resumes every fold.
 */
@IntegrationTest
class CrossValidatedRunTest {
  @TempDir Path tmp;

  private List<String> args(String command, String... extra) {
    List<String> all =
        new ArrayList<>(
            Drgrade.smallRun(
                command,
                tmp,
                "train.engine=torch",
                "train.folds=2",
                "train.epochs=1",
                "predict.checkpoints=1",
                "predict.augmentations=2",
                "blend.epochs=5"));
    all.addAll(List.of(extra));
    return all;
  }

  @Test
  void predictsEveryLabelledImageOutOfFoldAndTestImagesWithAllFolds() throws Exception {
    String printed = Drgrade.run(args("run"));
    Path run = tmp.resolve("run");
    assertTrue(Files.exists(run.resolve("report/_SUCCESS")), printed);
    assertTrue(Files.exists(run.resolve("decide/submission.csv")), printed);

    ModelDescriptor model =
        Json.parse(Files.readString(run.resolve("model/model.json")), ModelDescriptor.class);
    assertEquals(List.of(0, 1), model.networkFolds());
    Map<String, Integer> foldOf = new HashMap<>();
    for (Row r : rows(run.resolve("train/split"))) {
      assertEquals("validation", r.getAs("split"));
      foldOf.put(r.getAs("patient"), r.<Integer>getAs("fold"));
    }
    assertEquals(12, foldOf.size(), "every labelled patient has a fold");
    assertTrue(foldOf.containsValue(0) && foldOf.containsValue(1), foldOf.toString());
    for (int fold = 0; fold < 2; fold++) {
      Map<String, String> split = new HashMap<>();
      for (Row r : rows(run.resolve("train/folds/fold-" + fold + "/split"))) {
        split.put(r.getAs("patient"), r.getAs("split"));
      }
      for (var e : foldOf.entrySet()) {
        assertEquals(
            e.getValue() == fold ? "validation" : "train",
            split.get(e.getKey()),
            "fold " + fold + " trains on the other fold's patients only");
      }
    }

    // Recompute a labelled image of each fold with that fold's networks alone, and a test image
    // with both networks: the predictions table must hold exactly those.
    Map<String, byte[]> png = new HashMap<>();
    for (Row r :
        PreprocessedTable.images(TestSpark.session(), run.resolve("preprocess").toString())
            .collectAsList()) {
      png.put(r.getAs("image"), r.getAs("png"));
    }
    List<GradingNetwork> nets = new ArrayList<>();
    for (String network : model.networks()) {
      nets.add(Engines.of("torch").read(Files.readAllBytes(run.resolve("model").resolve(network))));
    }
    InputContract input = model.input();
    // Each fold's networks are standardised with that fold's training images alone (issue 27).
    HadoopFiles files = new HadoopFiles(new org.apache.hadoop.conf.Configuration());
    for (int fold = 0; fold < 2; fold++) {
      ChannelStats own =
          ChannelStatsTable.read(files, run.resolve("train/folds/fold-" + fold).toString());
      assertEquals(Standardisation.of(own), input.standardisation(fold));
      long all = ChannelStatsTable.read(files, run.resolve("preprocess").toString()).count();
      assertTrue(own.count() > 0 && own.count() < all, own.count() + " of " + all);
    }
    assertNotEquals(input.standardisation(0), input.standardisation(1));
    List<Augmenter> augmenters = new ArrayList<>();
    for (int i = 0; i < nets.size(); i++) {
      augmenters.add(
          new Augmenter(input.sourceSize(), input.crop(), model.standardisationOf(i), 4242));
    }
    boolean[] checked = new boolean[3];
    int labelled = 0;
    for (Row r : rows(run.resolve("predict/predictions"))) {
      String split = r.getAs("split");
      if (r.getAs("level") != null) {
        labelled++;
        assertEquals("validation", split, "labelled images are all out of fold");
      } else {
        assertEquals(PredictionsTable.TEST, split);
      }
      int which = r.getAs("level") == null ? 2 : foldOf.get(r.<String>getAs("patient"));
      if (checked[which]) continue;
      List<GradingNetwork> used =
          which == 2 ? nets : nets.subList(which, which + 1); // networkFolds 0, 1
      List<Augmenter> views = which == 2 ? augmenters : augmenters.subList(which, which + 1);
      String image = r.getAs("image");
      double[] expected =
          new EnsemblePredictor(used, views, input.sourceSize(), 2)
              .predict(List.of(png.get(image)), List.of(image))[0];
      assertArrayEquals(expected, PredictionsTable.distribution(r), 1e-5, image);
      checked[which] = true;
    }
    nets.forEach(GradingNetwork::close);
    assertEquals(24, labelled);
    assertArrayEquals(new boolean[] {true, true, true}, checked);

    // A rerun with one more epoch resumes both folds after their epoch 1.
    Drgrade.run(args("train", "--set", "train.epochs=2"));
    for (int fold = 0; fold < 2; fold++) {
      Path folds = run.resolve("train/folds/fold-" + fold);
      assertTrue(Files.exists(folds.resolve("checkpoints/epoch-0001/_SUCCESS")), folds.toString());
      assertTrue(Files.exists(folds.resolve("_SUCCESS")));
    }
    assertTrue(
        Files.readString(run.resolve("train").resolve(Stage.SUMMARY)).contains("\"folds\" : 2"));

    // Progressive resizing, here 112 -> 64 px crops: each fold of a new run starts from the
    // model's network of the same fold; a single-split run, or one of other folds, may not start
    // from this model.
    Path warm = tmp.resolve("warm");
    String warmArgs = "train.warm-start=\"" + run.resolve("model") + "\"";
    List<String> into =
        List.of(
            "--set",
            "train.output=\"" + warm.resolve("train") + "\"",
            "--set",
            "model.dir=\"" + warm.resolve("model") + "\"",
            "--set",
            "train.crop=64",
            "--set",
            warmArgs);
    List<String> warmTrain = new ArrayList<>(args("train"));
    warmTrain.addAll(into);
    Drgrade.run(warmTrain);
    ModelDescriptor warmed =
        Json.parse(Files.readString(warm.resolve("model/model.json")), ModelDescriptor.class);
    assertEquals(64, warmed.input().crop());
    assertEquals(List.of(0, 1), warmed.networkFolds());
    List<String> single = new ArrayList<>(warmTrain);
    single.addAll(
        List.of("--set", "train.folds=1", "--set", "train.output=\"" + warm + "/single\""));
    String refused = Drgrade.run(2, single);
    assertTrue(!Files.exists(warm.resolve("single/checkpoints")), refused);
    // Three folds re-deal the patients, so the model's fold 0 saw some of fold 0's validation
    // patients: refused before fold 0 trains.
    List<String> otherK = new ArrayList<>(warmTrain);
    otherK.addAll(List.of("--set", "train.folds=3", "--set", "train.output=\"" + warm + "/k3\""));
    String k3 = Drgrade.run(2, otherK);
    assertTrue(!Files.exists(warm.resolve("k3/folds/fold-0/checkpoints/epoch-0000")), k3);
  }

  private static List<Row> rows(Path parquet) {
    return TestSpark.session().read().parquet(parquet.toString()).collectAsList();
  }
}
