package org.drgrade.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skeleton alone, on the local file system: no Spark. */
class StageTest {
  record Counted(int images) {}

  @TempDir Path tmp;

  private final HadoopFiles files = new HadoopFiles(new Configuration());

  private String uri(String rel) {
    return tmp.resolve(rel).toUri().toString();
  }

  private boolean complete(String rel) {
    return Files.exists(tmp.resolve(rel).resolve(StageMarker.SUCCESS));
  }

  @Test
  void refusesAnIncompleteInputNamingItAndTouchesNothing() {
    StageMarker.markComplete(files, uri("out"));
    boolean[] worked = {false};
    Stage stage =
        new Stage(files, uri("out"), new Stage.Input("ingest output", uri("in"), "ingest"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                stage.run(
                    () -> {
                      worked[0] = true;
                      return new Counted(1);
                    }));
    assertEquals(
        "ingest output " + uri("in") + " is not complete (no _SUCCESS): run drgrade ingest first",
        e.getMessage());
    assertFalse(worked[0], "no work before the inputs are checked");
    assertTrue(complete("out"), "a refused run leaves the earlier output as it was");
  }

  @Test
  void anInputWithoutACommandIsNamedAlone() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Stage.Input("decide input", uri("in")).require(files));
    assertEquals("decide input " + uri("in") + " is not complete (no _SUCCESS)", e.getMessage());
  }

  @Test
  void writesTheSummaryAndMarkerOnlyAfterTheWork() throws Exception {
    StageMarker.markComplete(files, uri("in"));
    StageMarker.markComplete(files, uri("out")); // an earlier run's
    Counted done =
        new Stage(files, uri("out"), new Stage.Input("ingest output", uri("in"), "ingest"))
            .run(
                () -> {
                  assertFalse(complete("out"), "the earlier marker is cleared before the work");
                  assertFalse(Files.exists(tmp.resolve("out").resolve(Stage.SUMMARY)));
                  return new Counted(3);
                });
    assertEquals(new Counted(3), done);
    assertEquals(
        done,
        Json.parse(Files.readString(tmp.resolve("out").resolve(Stage.SUMMARY)), Counted.class));
    assertTrue(complete("out"));
  }

  @Test
  void failedWorkLeavesNoMarkerAndNoSummary() {
    StageMarker.markComplete(files, uri("out"));
    Stage stage = new Stage(files, uri("out"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            stage.run(
                () -> {
                  throw new IllegalArgumentException("work failed");
                }));
    assertFalse(complete("out"));
    assertFalse(Files.exists(tmp.resolve("out").resolve(Stage.SUMMARY)));
  }

  @Test
  void aRejectedRunKeepsItsSummaryButIsNotComplete() throws Exception {
    Stage stage = new Stage(files, uri("out"));
    assertThrows(
        IllegalStateException.class,
        () ->
            stage.run(
                () -> new Counted(0),
                counted -> {
                  throw new IllegalStateException("no images");
                }));
    assertEquals(
        new Counted(0),
        Json.parse(Files.readString(tmp.resolve("out").resolve(Stage.SUMMARY)), Counted.class));
    assertFalse(complete("out"));
  }

  @Test
  void aSummaryMayHaveANameOfItsOwn() {
    new Stage(files, uri("out"), "synth.json").run(() -> new Counted(2));
    assertTrue(Files.exists(tmp.resolve("out/synth.json")));
    assertFalse(Files.exists(tmp.resolve("out").resolve(Stage.SUMMARY)));
    assertTrue(complete("out"));
  }
}
