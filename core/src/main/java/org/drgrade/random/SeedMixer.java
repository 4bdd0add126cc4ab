package org.drgrade.random;

/**
 * The project's one seed mixer: derives independent random streams from a seed and keys (an image,
 * a patient, an epoch) by hashing, so any item's randomness is computed on any executor without
 * drawing the others'.
 */
public final class SeedMixer {
  private SeedMixer() {}

  /**
   * Stafford's variant 13 of the MurmurHash3 finaliser (SplitMix64's): every input bit affects
   * every output bit.
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
