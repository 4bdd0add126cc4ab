package org.drgrade.synth;

import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;

/** The synth stage's settings (drgrade.synth.*). */
public record SynthConfig(
    String output,
    int patients,
    int testPatients,
    long seed,
    String size,
    int jpegQuality,
    int partitions) {

  public static SynthConfig from(DrgradeConfig config) {
    SynthConfig c =
        new SynthConfig(
            config.string("synth.output"),
            config.positive("synth.patients", 1),
            config.positive("synth.test-patients", 0),
            config.longValue("synth.seed"),
            config.string("synth.size"),
            config.positive("synth.jpeg-quality", 1),
            config.positive("synth.partitions", 1));
    if (c.jpegQuality > 100) {
      throw new ConfigError("drgrade.synth.jpeg-quality must be 1-100, got " + c.jpegQuality);
    }
    try {
      SizeProfile.parse(c.size);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("drgrade.synth.size: " + e.getMessage(), e);
    }
    return c;
  }

  public SizeProfile sizeProfile() {
    return SizeProfile.parse(size);
  }
}
