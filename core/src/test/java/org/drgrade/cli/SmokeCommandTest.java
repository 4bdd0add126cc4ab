package org.drgrade.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drgrade.testing.Drgrade;
import org.drgrade.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * drgrade smoke where no GPU is asked for (local mode, train.task-gpus = 0): each engine is placed
 * where it runs by default, here the CPU, and fits its minibatches.
 */
class SmokeCommandTest {
  @Test
  void bothEnginesFitTheirMinibatchesOnTheCpuWhenNoGpuIsAsked() {
    TestSpark.session(); // the command reuses the test JVM's session
    for (String engine : List.of("torch", "dl4j")) {
      String out =
          Drgrade.run(
              List.of(
                  "smoke",
                  "--set",
                  "train.engine=" + engine,
                  "--set",
                  "train.crop=64",
                  "--set",
                  "preprocess.size=64",
                  "--set",
                  "train.batch-size=4",
                  "--set",
                  "spark.conf.\"spark.ui.enabled\"=false"));
      assertTrue(out.contains("smoke: " + engine + ", 64 px, batch 4"), out);
      assertTrue(
          out.matches("(?s).*: " + engine + " on cpu.*: 2 minibatches, [0-9.]+ images/s.*"), out);
      assertTrue(!out.contains("REFUSED"), out);
    }
  }
}
