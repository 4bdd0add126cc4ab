package org.drgrade.cli;

import com.typesafe.config.ConfigUtil;
import org.apache.spark.sql.SparkSession;
import org.drgrade.config.ConfigError;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.grade.GradeConfig;
import org.drgrade.grade.GradeStage;
import org.drgrade.grade.GradeSummary;
import org.drgrade.grading.DecisionRule;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.InputPaths;
import org.drgrade.io.HadoopFiles;
import org.drgrade.model.ModelStore;
import org.drgrade.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    description = {
      "Grade new images with a saved model (no labels, no run folder): ingest and preprocess them with the",
      "model's own preprocessing, predict and blend on the executors, grade each image alone (the model's",
      "per-image rule: its tuned cut-points unless its submission rule is per-image). Writes",
      "grades.csv (per image: grade, referable, distribution, crop quality), patients.csv, quarantine.csv and",
      "their Parquet tables, summary.json, under --output (default drgrade.grade.output)."
    })
final class GradeCommand extends SparkCommand {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Model directory written by train, blend and decide (a run's drgrade.model.dir), any Hadoop URI.")
  String model;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "URI",
      description =
          "Images to grade: a directory, glob or comma-separated list (any Hadoop URI), read in place.")
  String images;

  @Option(
      names = "--output",
      paramLabel = "URI",
      description = "Where to write (default: drgrade.grade.output).")
  String output;

  @Option(
      names = "--rule",
      paramLabel = "RULE",
      description =
          "A decision rule instead of the model's per-image one: argmax, rounded_expectation, tuned_cut_points, or a batch rule (annealing, exact: the images graded together are labelled as one set, so a grade depends on the others).")
  String rule;

  private GradeConfig grade;
  private IngestConfig ingest;

  @Override
  public Integer call() {
    // The images, an unlabelled ingest and work folders under the output: grade's own ingest and
    // preprocess.
    if (output != null) {
      configOptions.overrides.add("grade.output=" + ConfigUtil.quoteString(output));
    }
    configOptions.overrides.add("ingest.images=" + ConfigUtil.quoteString(images));
    configOptions.overrides.add("ingest.labels=\"\"");
    configOptions.overrides.add("ingest.test-images=\"\"");
    configOptions.overrides.add("ingest.output=${drgrade.grade.output}\"/work/ingest\"");
    configOptions.overrides.add("preprocess.output=${drgrade.grade.output}\"/work/preprocess\"");
    return super.call();
  }

  @Override
  protected void prepare(DrgradeConfig config) {
    if (rule != null
        && java.util.Arrays.stream(DecisionRule.values()).noneMatch(r -> r.label().equals(rule))) {
      throw new ConfigError(
          "--rule must be one of "
              + java.util.Arrays.stream(DecisionRule.values()).map(DecisionRule::label).toList()
              + ", got '"
              + rule
              + "'");
    }
    ingest = IngestConfig.from(config);
    grade = GradeConfig.from(config, model, rule);
    var hadoop = SparkSessions.hadoopConf(config);
    InputPaths.expand("--images", ingest.images(), hadoop);
    try {
      GradeStage.requireComplete(new ModelStore(new HadoopFiles(hadoop), model));
    } catch (IllegalStateException e) {
      throw new ConfigError(e.getMessage(), e);
    }
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    GradeSummary summary = new GradeStage(spark).run(grade, ingest);
    System.out.println(summary.text());
    return summary.countsAddUp() ? 0 : 1;
  }
}
