package org.drgrade.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.drgrade.engine.AveragingTrainer;
import org.junit.jupiter.api.Test;

class ScaleCostModelTest {
  @Test
  void treeLevelsFollowSparksTreeAggregate() {
    // Spark: scale = max(ceil(W^(1/depth)), 2); a level while W > scale + ceil(W / scale).
    assertArrayEquals(new int[] {2}, ScaleCostModel.treeFanIns(2, 2));
    assertArrayEquals(new int[] {3, 3}, ScaleCostModel.treeFanIns(8, 2));
    assertArrayEquals(new int[] {6, 6}, ScaleCostModel.treeFanIns(32, 2));
  }

  @Test
  void computeGrowsWithThePixelsAndTheStateWithFc1() {
    double ratio = ScaleCostModel.trainingFlops(448) / ScaleCostModel.trainingFlops(224);
    assertTrue(ratio > 3.8 && ratio < 4.2, "about 4x the pixels: " + ratio);
    assertTrue(ScaleCostModel.stateBytes(448) > ScaleCostModel.stateBytes(224));
  }

  @Test
  void overheadShrinksAgainstComputeAsRoundsGrowLonger() {
    ScaleCostModel f5 = new ScaleCostModel(0.1, 1.25e9, 4e12, 5, 8);
    ScaleCostModel f50 = new ScaleCostModel(0.1, 1.25e9, 4e12, 50, 8);
    var p5 = f5.project(8, 448, AveragingTrainer.treeDepth(8));
    var p50 = f50.project(8, 448, AveragingTrainer.treeDepth(8));
    assertEquals(10 * p5.computeSeconds(), p50.computeSeconds(), 1e-9);
    assertTrue(p50.overheadFraction() < p5.overheadFraction() / 9);
    Map<Integer, Integer> needed =
        f5.frequencyFor(0.10, List.of(8), 448, AveragingTrainer::treeDepth);
    ScaleCostModel enough = new ScaleCostModel(0.1, 1.25e9, 4e12, needed.get(8), 8);
    assertTrue(enough.project(8, 448, 2).overheadFraction() <= 0.10 + 1e-9);
    ScaleCostModel short1 = new ScaleCostModel(0.1, 1.25e9, 4e12, needed.get(8) - 1, 8);
    assertTrue(short1.project(8, 448, 2).overheadFraction() > 0.10);
  }
}
