package org.drgrade.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.drgrade.io.HadoopFiles;
import org.drgrade.preprocess.PreprocessConfig;
import org.drgrade.preprocess.PreprocessMethod;
import org.drgrade.testing.SampleModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model.json and its files round-trip; blend and decide add to it; a model this version cannot read
 * is refused.
 */
class ModelStoreTest {
  @TempDir Path tmp;

  private static final TrainedPatients PATIENTS =
      TrainedPatients.ofSplit(List.of("12", "3"), List.of("7"));

  @Test
  void roundTripsAndGrowsWithBlendAndDecide() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    ModelStore store = new ModelStore(files, tmp.resolve("model").toString());
    store.create(SampleModel.descriptor(), List.of(new byte[] {1, 2}, new byte[] {3}), PATIENTS);
    ModelDescriptor read = store.read();
    assertEquals(List.of("networks/network-0.zip", "networks/network-1.zip"), read.networks());
    assertEquals(SampleModel.descriptor().input(), read.input());
    assertEquals(SampleModel.descriptor().training(), read.training());
    List<byte[]> nets = store.networks(read);
    assertArrayEquals(new byte[] {1, 2}, nets.get(0));
    assertArrayEquals(new byte[] {3}, nets.get(1));
    assertNull(read.blender());
    assertEquals(Optional.of(PATIENTS), store.patients(read));

    store.update(d -> d.withBlender(new ModelDescriptor.BlenderState("linear", 0.7, null, 40)));
    store.update(
        d ->
            d.withDecision(
                new ModelDescriptor.DecisionState(
                    "tuned_cut_points",
                    new double[] {0.5, 1.4, 2.5, 3.5},
                    2015,
                    true,
                    "best-proxy",
                    0.81)));
    ModelDescriptor full = store.read();
    assertEquals(0.7, full.blender().ownWeight());
    assertArrayEquals(new double[] {0.5, 1.4, 2.5, 3.5}, full.decision().cutPoints());
    assertEquals(
        SampleModel.descriptor().input(), full.input(), "later stages leave the contract alone");

    // Training again replaces the whole model: no blender or rule of the old networks survives.
    store.create(SampleModel.descriptor(), List.of(new byte[] {9}), PATIENTS);
    assertNull(store.read().blender());
    assertEquals(1, store.read().networks().size());
  }

  @Test
  void refusesWhatItCannotRead() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    ModelStore missing = new ModelStore(files, tmp.resolve("none").toString());
    assertTrue(
        assertThrows(IllegalStateException.class, missing::read)
            .getMessage()
            .contains("run drgrade train"));

    Path dir = tmp.resolve("model");
    ModelStore store = new ModelStore(files, dir.toString());
    store.create(SampleModel.descriptor(), List.of(new byte[] {1}), PATIENTS);
    String json = Files.readString(dir.resolve(ModelStore.DESCRIPTOR));
    Files.delete(
        dir.resolve(".model.json.crc")); // Hadoop's local checksum of the file edited below
    Files.writeString(
        dir.resolve(ModelStore.DESCRIPTOR),
        json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    assertTrue(
        assertThrows(IllegalStateException.class, store::read).getMessage().contains("format 2"));
    // Both engines' models are read; another engine's name is refused with the known ones.
    Files.writeString(dir.resolve(ModelStore.DESCRIPTOR), json.replace("\"dl4j\"", "\"torch\""));
    assertEquals("torch", store.read().engine());
    Files.writeString(dir.resolve(ModelStore.DESCRIPTOR), json.replace("\"dl4j\"", "\"mxnet\""));
    String refused = assertThrows(IllegalStateException.class, store::read).getMessage();
    assertTrue(refused.contains("mxnet") && refused.contains("[dl4j, torch]"), refused);
  }

  /**
   * The preprocessing method travels with the model (grade re-preprocesses new images with it); a
   * model.json written before the method was recorded reads as equalise.
   */
  @Test
  void keepsThePreprocessingMethod() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    Path dir = tmp.resolve("graham");
    ModelStore store = new ModelStore(files, dir.toString());
    ModelDescriptor graham =
        SampleModel.descriptor(
            PreprocessConfig.defaults().withOutputSize(128).withMethod(PreprocessMethod.GRAHAM));
    store.create(graham, List.of(new byte[] {1}), PATIENTS);
    ModelDescriptor read = store.read();
    assertEquals(PreprocessMethod.GRAHAM, read.input().parameters().method());
    assertEquals(InputContract.ADAPTIVE_CROP_GRAHAM, read.input().preprocessing());
    assertEquals(graham.input(), read.input());

    Path old = tmp.resolve("old");
    ModelStore oldStore = new ModelStore(files, old.toString());
    oldStore.create(SampleModel.descriptor(), List.of(new byte[] {1}), PATIENTS);
    String json = Files.readString(old.resolve(ModelStore.DESCRIPTOR));
    String withoutMethod = json.replaceFirst(",\\s*\"method\" : \"equalise\"", "");
    assertTrue(json.contains("\"method\" : \"equalise\"") && !withoutMethod.contains("method"));
    Files.delete(old.resolve(".model.json.crc"));
    Files.writeString(old.resolve(ModelStore.DESCRIPTOR), withoutMethod);
    assertEquals(PreprocessMethod.EQUALISE, oldStore.read().input().parameters().method());
    assertEquals(SampleModel.descriptor().input(), oldStore.read().input());
  }

  /** A model.json written before the patients were recorded reads, with no patients. */
  @Test
  void readsAModelWithoutPatients() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    Path dir = tmp.resolve("old");
    ModelStore store = new ModelStore(files, dir.toString());
    store.create(SampleModel.descriptor(), List.of(new byte[] {1}), PATIENTS);
    String json = Files.readString(dir.resolve(ModelStore.DESCRIPTOR));
    String without = json.replaceFirst(",\\s*\"patients\" : \"patients.json\"", "");
    assertTrue(json.contains("\"patients\" : \"patients.json\"") && !without.contains("patients"));
    Files.delete(dir.resolve(".model.json.crc"));
    Files.writeString(dir.resolve(ModelStore.DESCRIPTOR), without);
    assertEquals(Optional.empty(), store.patients(store.read()));
  }
}
