package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.List;
import java.util.Optional;
import org.drgrade.config.DrgradeConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: conf/local.conf's generated test folder joins a run only when the images are the
 * generated ones.
 */
class IngestConfigTest {
  private static IngestConfig local(String... overrides) {
    return IngestConfig.from(
        DrgradeConfig.load(Optional.of(new File("conf/local.conf")), List.of(overrides)));
  }

  @Test
  void theGeneratedTestFolderGoesWithTheGeneratedImagesOnly() {
    assertEquals(
        List.of("out/synth/test"),
        local().testImages(),
        "the embedded default grades its generated test set");
    assertEquals(List.of("x/synth/test"), local("synth.output=\"x/synth\"").testImages());
    assertEquals(
        List.of(),
        local("ingest.images=\"/data/my-clinic\"").testImages(),
        "a user's own images: no generated eyes beside them");
    assertEquals(List.of(), local("ingest.images=\"out/synth/images,/data/more\"").testImages());
    assertEquals(
        List.of("/data/to-grade"),
        local("ingest.images=\"/data/my-clinic\"", "ingest.test-images=\"/data/to-grade\"")
            .testImages(),
        "an explicit folder is used as given");
    assertEquals(
        List.of(),
        IngestConfig.from(DrgradeConfig.load(Optional.empty(), List.of())).testImages(),
        "reference.conf alone: none");
  }
}
