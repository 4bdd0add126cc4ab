package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.OutputHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * drgrade.train.leaky-relu-slope (default 0, the plain-ReLU network, in [0, 1)) and
 * drgrade.train.head (default regression) reach the network spec;
 * drgrade.train.class-balance.toward reaches the resampling.
 */
class TrainConfigTest {

  private static TrainConfig config(String... overrides) {
    return TrainConfig.from(DrgradeConfig.load(Optional.empty(), List.of(overrides)));
  }

  @Test
  void defaultIsTheReferenceNetworkWithPlainReluAndTheRegressionHead() {
    NetworkSpec spec = config().network();
    assertEquals(0.0, spec.leakyReluSlope());
    assertEquals("ReLU", spec.activationText());
    NetworkSpec reference = NetworkSpec.reference();
    assertEquals(reference.withInputSize(spec.inputSize()).withHead(OutputHead.REGRESSION), spec);
  }

  @Test
  void slopeReachesTheNetworkSpec() {
    NetworkSpec spec = config("train.leaky-relu-slope=0.01").network();
    assertEquals(0.01, spec.leakyReluSlope());
    assertEquals("leaky ReLU (slope 0.01)", spec.activationText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "1"})
  void slopeOutsideZeroToOneIsAConfigErrorNamingTheKey(String slope) {
    ConfigError e =
        assertThrows(ConfigError.class, () -> config("train.leaky-relu-slope=" + slope));
    assertTrue(e.getMessage().contains("drgrade.train.leaky-relu-slope"), e.getMessage());
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
  }

  @Test
  void headDefaultsToRegressionAndReachesTheNetworkSpec() {
    assertEquals(OutputHead.REGRESSION, config().network().head());
    assertEquals(OutputHead.SOFTMAX, config("train.head=softmax").network().head());
  }

  @Test
  void averagingIsDrgradesOrTheRingForEveryEngineAndDl4jsMastersOnlyForDl4j() {
    assertEquals("drgrade", config().averaging().trainer());
    for (String engine : new String[] {"torch", "dl4j"}) {
      for (String ring : new String[] {"allreduce", "allreduce-overlap"}) {
        assertEquals(
            ring,
            config("train.engine=" + engine, "train.averaging=" + ring).averaging().trainer());
      }
    }
    assertThrows(ConfigError.class, () -> config("train.averaging=ring"));
    assertEquals(
        "dl4j-master",
        config("train.engine=dl4j", "train.averaging=dl4j-master").averaging().trainer());
    ConfigError e =
        assertThrows(
            ConfigError.class, () -> config("train.engine=torch", "train.averaging=dl4j-master"));
    assertTrue(e.getMessage().contains("drgrade.train.averaging"), e.getMessage());
    assertEquals(
        "dl4j-shared",
        config("train.engine=dl4j", "train.averaging=dl4j-shared").averaging().trainer());
    ConfigError shared =
        assertThrows(
            ConfigError.class, () -> config("train.engine=torch", "train.averaging=dl4j-shared"));
    assertTrue(shared.getMessage().contains("dl4j-shared"), shared.getMessage());
    assertThrows(ConfigError.class, () -> config("train.rate-scaling=sqrt"));
  }

  @Test
  void gradientSharingTakesTheRatesAsWrittenWhateverTheScaling() {
    TrainConfig cfg =
        config(
            "train.engine=dl4j",
            "train.averaging=dl4j-shared",
            "train.rate-scaling=linear",
            "train.learning-rates=[\"0:0.01\", \"30:0.003\"]");
    assertEquals(cfg.network(), cfg.forWorkers(2).network());
    assertEquals(0.01, cfg.forWorkers(4).network().rateAt(10), 1e-12);
  }

  @Test
  void twoWorkersTakeTwiceTheRatesAfterTheWarmUpOneWorkerThePlanAsWritten() {
    TrainConfig cfg = config("train.learning-rates=[\"0:0.01\", \"30:0.003\"]");
    assertEquals(cfg.network(), cfg.forWorkers(1).network());
    TrainConfig two = cfg.forWorkers(2);
    assertEquals(0.01, two.network().rateAt(0), 1e-12);
    assertEquals(0.015, two.network().rateAt(1), 1e-12);
    assertEquals(0.02, two.network().rateAt(2), 1e-12);
    assertEquals(0.006, two.network().rateAt(40), 1e-12);
    assertEquals(cfg.output(), two.output());
  }

  @Test
  void unknownHeadIsAConfigErrorNamingTheKeyAndTheChoices() {
    ConfigError e = assertThrows(ConfigError.class, () -> config("train.head=ordinal"));
    assertTrue(e.getMessage().contains("drgrade.train.head"), e.getMessage());
    assertTrue(e.getMessage().contains("regression"), e.getMessage());
  }

  @Test
  void classBalanceTowardIsTheNaturalMixByDefaultOrFiveGradeWeights() {
    ClassBalance natural = config().classBalance();
    assertFalse(natural.enabled(), "the default draws every image once");
    ClassBalance toward =
        config("train.class-balance.toward=[275, 154, 183, 105, 79]").classBalance();
    assertTrue(toward.enabled(), "a final mix of its own resamples even with start 0");
    assertArrayEquals(new double[] {275, 154, 183, 105, 79}, toward.toward());
  }

  @ParameterizedTest
  @ValueSource(strings = {"natural", "[1, 2, 3]", "[1, -1, 1, 1, 1]", "[a, b, c, d, e]"})
  void classBalanceTowardOtherThanTrainingOrFiveWeightsIsAConfigErrorNamingTheKey(String toward) {
    ConfigError e =
        assertThrows(ConfigError.class, () -> config("train.class-balance.toward=" + toward));
    assertTrue(e.getMessage().contains("drgrade.train.class-balance"), e.getMessage());
  }
}
