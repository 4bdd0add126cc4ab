package org.drgrade.decide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnnealingLabellerTest {
    private final double[][] p = RandomDistributions.rows(2000, 1.5, new SplittableRandom(23));

    @Test
    void improvesOnItsStartAndReportsTheTrueProxy() {
        AnnealingLabeller.Result result = AnnealingLabeller.label(p, AnnealingSchedule.defaultFor(p.length, 1));
        assertEquals(ExpectedKappaProxy.of(p, DecisionBaselines.roundedExpectation(p)).value(), result.startProxy(), 1e-12);
        assertTrue(result.proxy() > result.startProxy() + 1e-3, result.startProxy() + " -> " + result.proxy());
        assertEquals(ExpectedKappaProxy.of(p, result.labels()).value(), result.proxy(), 1e-12);
    }

    @Test
    void sameSeedSameLabels() {
        AnnealingSchedule schedule = new AnnealingSchedule(1e-3, 0.8, 20, 1000, 42);
        AnnealingLabeller.Result first = AnnealingLabeller.label(p, schedule);
        AnnealingLabeller.Result second = AnnealingLabeller.label(p, schedule);
        assertArrayEquals(first.labels(), second.labels());
        assertEquals(first.proxy(), second.proxy());
        assertEquals(first.acceptedMoves(), second.acceptedMoves());
    }

    @Test
    void startsFromTheGivenLabels() {
        int[] allZero = new int[p.length];
        AnnealingLabeller.Result result = AnnealingLabeller.label(p, allZero, AnnealingSchedule.defaultFor(p.length, 3));
        assertEquals(ExpectedKappaProxy.of(p, allZero).value(), result.startProxy(), 1e-12);
        assertTrue(result.proxy() > result.startProxy());
    }
}
