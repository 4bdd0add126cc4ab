package org.drgrade.synth;

import org.drgrade.Side;

/** The grades (0 no DR .. 4 proliferative) of one patient's two eyes. */
public record GradePair(int left, int right) {
  public int of(Side side) {
    return side == Side.LEFT ? left : right;
  }
}
