package org.drgrade.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.grading.MetricValue;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {

  @Test
  void restoredNetworkContinuesExactlyLikeTheOriginal() {
    SyntheticBlobs data = new SyntheticBlobs(16, 72, 5);
    Augmenter augmenter = new Augmenter(72, 64, Standardisation.identity(3), 9);
    NetworkSpec spec = NetworkSpec.reference().withInputSize(64);
    LocalTrainingBackend original = new LocalTrainingBackend(NetworkFactory.build(spec));
    original.fitEpoch(data.batches(augmenter, 0, 8, true));

    byte[] bytes = Checkpoints.toBytes(original.network());
    MultiLayerNetwork restored = Checkpoints.fromBytes(bytes);

    MultiLayerNetwork net = original.network();
    INDArray probe = data.batches(augmenter, 0, 16, false).next().getFeatures();
    assertEquals(net.output(probe, false), restored.output(probe, false));
    assertEquals(net.params(), restored.params());
    assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    assertTrue(
        net.getUpdater().getStateViewArray().norm2Number().doubleValue() > 0, "momentum was saved");
    assertEquals(1, restored.getEpochCount());
    assertEquals(net.getIterationCount(), restored.getIterationCount());

    DataSet next = data.batches(augmenter, 1, 16, true).next();
    Nd4j.getRandom().setSeed(123);
    net.fit(next);
    Nd4j.getRandom().setSeed(123);
    restored.fit(next);
    assertTrue(net.params().equalsWithEps(restored.params(), 1e-6), "one more step diverged");
    assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
  }

  @Test
  void metaRoundTripsThroughJsonIncludingUndefinedKappa() {
    CheckpointMeta meta =
        new CheckpointMeta(
            3,
            120,
            640,
            0.91,
            1.02,
            MetricValue.undefined("no expected disagreement"),
            MetricValue.of(0.7));
    CheckpointMeta back = CheckpointMeta.fromJson(meta.toJson());
    assertEquals(meta.epoch(), back.epoch());
    assertEquals(meta.valLogLoss(), back.valLogLoss());
    assertFalse(back.valKappa().defined());
    assertEquals(meta.valKappa().undefinedReason(), back.valKappa().undefinedReason());
    assertEquals(meta.valAccuracy(), back.valAccuracy());
  }
}
