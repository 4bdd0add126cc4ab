package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.synth.SynthConfig;
import org.drgrade.synth.SynthStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the EyePACS-like embedded data set (deterministic for drgrade.synth.seed):",
      "images/{patient}_{left,right}.jpeg and trainLabels.csv under drgrade.synth.output."
    })
final class SynthCommand extends SparkCommand {
  @Option(
      names = "--force",
      description = "Regenerate even when the same data set is already complete.")
  boolean force;

  private SynthConfig synth;

  @Override
  protected void prepare(DrgradeConfig config) {
    synth = SynthConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    SynthStage stage = new SynthStage(spark);
    var existing = force ? java.util.Optional.<SynthStage.Summary>empty() : stage.existing(synth);
    System.out.println(
        existing
            .map(s -> "already complete, skipped: " + s.text())
            .orElseGet(() -> stage.run(synth).text()));
    return 0;
  }
}
