package org.drgrade.synth;

/**
 * One lesion or harmless feature, in fundus units (see {@link EyeSpec}).
 *
 * @param size radius (for new vessels: extent of the tuft) in fundus units
 * @param elongation length / width ratio (1 = round)
 * @param shapeSeed seed of the lesion's own shape details (tuft loops, scar rings)
 */
public record Lesion(
    Kind kind,
    double x,
    double y,
    double size,
    double elongation,
    double angleDegrees,
    long shapeSeed) {

  public enum Kind {
    /** Small dark-red dot: the first sign of DR. */
    MICROANEURYSM,
    /** Round dark-red blot in the deeper retina. */
    BLOT_HAEMORRHAGE,
    /** Streak-shaped haemorrhage in the nerve fibre layer, along the fibres. */
    FLAME_HAEMORRHAGE,
    /** Sharp yellow-white lipid speck. */
    HARD_EXUDATE,
    /** Fluffy pale patch of swollen nerve fibres. */
    COTTON_WOOL_SPOT,
    /** Tuft of fine tortuous new vessels: proliferative DR. */
    NEW_VESSELS,
    /** Large boat-shaped dark haemorrhage in front of the retina: proliferative DR. */
    PRERETINAL_HAEMORRHAGE,
    /** Pigmented ring scar of earlier laser treatment, as seen in treated proliferative eyes. */
    LASER_SCAR,
    /** Harmless bright sheen (light reflex), common in young healthy eyes. */
    LIGHT_REFLEX,
    /** Harmless faint grey blur of dust on the lens. */
    DUST;

    /** Whether the kind adds light (painted on the glow layer) rather than absorbing it. */
    public boolean glows() {
      return this == HARD_EXUDATE || this == LASER_SCAR;
    }
  }
}
