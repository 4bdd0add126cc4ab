package org.drgrade.engine;

/**
 * What one distributed epoch did.
 *
 * @param loss the mean training loss over all minibatches fitted
 * @param rounds where the averaging rounds' time went; null where the engine's own trainer does not
 *     say (DL4J's parameter-averaging master)
 */
public record EpochFit(double loss, RoundTimes rounds) {}
