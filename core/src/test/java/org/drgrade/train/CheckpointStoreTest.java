package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.drgrade.engine.Engines;
import org.drgrade.engine.GradingNetwork;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.grading.MetricValue;
import org.drgrade.io.HadoopFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints: only complete ones count, an incomplete one (a crash while saving) is ignored and
 * removed, last K kept.
 */
class CheckpointStoreTest {
  @TempDir Path tmp;

  @Test
  void resumeIgnoresAnIncompleteCheckpointAndKeepsTheLastK() throws Exception {
    CheckpointStore store =
        new CheckpointStore(new HadoopFiles(new Configuration()), tmp.toUri().toString());
    GradingNetwork net =
        Engines.of("dl4j")
            .create(
                new NetworkSpec(
                    64, 3, 0.5, 1e-4, 0.9, new TreeMap<>(java.util.Map.of(0, 0.01)), 1, 0.0));
    for (int epoch = 0; epoch < 3; epoch++) {
      store.save(
          net,
          new CheckpointMeta(
              epoch, epoch * 10, 100, 1.0, 1.0, MetricValue.of(0.5), MetricValue.of(0.7)),
          2);
    }
    assertEquals(
        java.util.List.of(1, 2),
        store.complete().stream().map(CheckpointStore.Checkpoint::epoch).toList(),
        "last 2 kept");

    // A crash while saving epoch 4: the model file is there, the _SUCCESS marker is not.
    Path partial = Files.createDirectories(tmp.resolve("checkpoints/epoch-0003"));
    Files.write(partial.resolve("model.zip"), new byte[] {1, 2, 3});
    assertEquals(
        2, store.latest().orElseThrow().epoch(), "resume after the last complete checkpoint");
    store.removeIncomplete();
    assertFalse(Files.exists(partial));
    GradingNetwork restored = store.load(store.latest().orElseThrow(), Engines.of("dl4j"));
    assertArrayEquals(net.parameters(), restored.parameters());
  }
}
