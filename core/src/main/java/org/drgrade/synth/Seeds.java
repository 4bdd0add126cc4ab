package org.drgrade.synth;

import java.util.SplittableRandom;
import org.drgrade.random.SeedMixer;

/**
 * Derives independent random streams from (data-set seed, patient, side, purpose) by hashing, so
 * any one image can be planned and painted on any executor without drawing the numbers of the
 * others.
 */
final class Seeds {
  /**
   * Purposes of the derived streams; a new purpose must get a new constant so old streams stay put.
   */
  static final long GRADES = 1, PATIENT_ID = 2, CAMERA = 3, EYE = 4;

  private Seeds() {}

  /** A stream that depends on every part; parts are folded in order through a 64-bit finaliser. */
  static SplittableRandom stream(long seed, long... parts) {
    return new SplittableRandom(hash(seed, parts));
  }

  static long hash(long seed, long... parts) {
    long h = mix(seed ^ 0x6A09E667F3BCC909L);
    for (long part : parts) {
      h = mix(h + 0x9E3779B97F4A7C15L * (part + 1));
    }
    return h;
  }

  private static long mix(long z) {
    return SeedMixer.mix(z);
  }
}
