package org.drgrade.decide;

import org.drgrade.grading.RuleAgreements;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.Json;

/**
 * decide/validation_rules.json: every rule on the validation images before blending (predict's
 * distributions) and after (decide's input), saved by decide so the report reads the figures
 * instead of running the annealer and the exact optimiser again.
 */
public record ValidationRules(RuleAgreements beforeBlending, RuleAgreements afterBlending) {
  public static final String FILE = "validation_rules.json";

  void write(HadoopFiles files, String decideDir) {
    files.writeText(HadoopFiles.join(decideDir, FILE), Json.pretty(this));
  }

  public static ValidationRules read(HadoopFiles files, String decideDir) {
    return Json.parse(files.readText(HadoopFiles.join(decideDir, FILE)), ValidationRules.class);
  }
}
