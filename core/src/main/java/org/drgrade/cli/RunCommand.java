package org.drgrade.cli;

import org.apache.spark.sql.SparkSession;
import org.drgrade.blend.BlendConfig;
import org.drgrade.blend.BlendStage;
import org.drgrade.config.DrgradeConfig;
import org.drgrade.decide.DecideConfig;
import org.drgrade.decide.DecideStage;
import org.drgrade.ingest.IngestConfig;
import org.drgrade.ingest.IngestStage;
import org.drgrade.ingest.IngestSummary;
import org.drgrade.ingest.InputPaths;
import org.drgrade.predict.PredictConfig;
import org.drgrade.predict.PredictStage;
import org.drgrade.preprocess.PreprocessStage;
import org.drgrade.preprocess.PreprocessStageConfig;
import org.drgrade.preprocess.PreprocessSummary;
import org.drgrade.report.ReportConfig;
import org.drgrade.report.ReportStage;
import org.drgrade.spark.SparkSessions;
import org.drgrade.synth.SynthConfig;
import org.drgrade.synth.SynthStage;
import org.drgrade.train.ScheduledTraining;
import org.drgrade.train.TrainSummary;
import org.drgrade.train.TrainingSchedule;
import picocli.CommandLine.Command;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline in one Spark application: synth (only when the images are the embedded",
      "default's and not yet generated), ingest, preprocess, train, predict, blend, decide, report. Prints each stage's summary and where the report is."
    })
final class RunCommand extends SparkCommand {
  private SynthConfig synth;
  private IngestConfig ingest;
  private TrainingSchedule schedule;
  private PredictConfig predict;
  private BlendConfig blend;
  private DecideConfig decide;
  private ReportConfig report;

  @Override
  protected void prepare(DrgradeConfig config) {
    synth = SynthConfig.from(config);
    ingest = IngestConfig.from(config);
    if (!readsSynthData()) {
      // Inputs that synth will not create must exist now, before Spark starts.
      var hadoop = SparkSessions.hadoopConf(config);
      InputPaths.expand("drgrade.ingest.images", ingest.images(), hadoop);
      InputPaths.expand("drgrade.ingest.labels", ingest.labels(), hadoop);
      InputPaths.expand("drgrade.ingest.test-images", ingest.testImages(), hadoop);
      InputPaths.expand("drgrade.ingest.extra-images", ingest.extraImages(), hadoop);
      InputPaths.expand("drgrade.ingest.extra-labels", ingest.extraLabels(), hadoop);
    }
    schedule = TrainingSchedule.from(config);
    predict = PredictConfig.from(config);
    blend = BlendConfig.from(config);
    decide = DecideConfig.from(config);
    report = ReportConfig.from(config);
  }

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    if (readsSynthData()) {
      SynthStage stage = new SynthStage(spark);
      System.out.println(
          stage
              .existing(synth)
              .map(s -> "synth already complete: " + s.text())
              .orElseGet(() -> stage.run(synth).text()));
    }
    IngestSummary ingested = new IngestStage(spark).run(ingest);
    System.out.println(ingested.text());
    if (!ingested.countsAddUp()) {
      return 1;
    }
    // each size the schedule trains at, once
    for (PreprocessStageConfig preprocess : schedule.preprocessing()) {
      PreprocessSummary preprocessed = new PreprocessStage(spark).run(preprocess);
      System.out.println(preprocessed.text());
      if (!preprocessed.countsAddUp()) {
        return 1;
      }
    }
    for (TrainSummary trained : new ScheduledTraining(spark).run(schedule)) {
      System.out.println(trained.text());
    }
    System.out.println(new PredictStage(spark).run(predict).text());
    System.out.println(new BlendStage(spark).run(blend).text());
    System.out.println(new DecideStage(spark).run(decide).text());
    System.out.println(new ReportStage(spark).run(report).text());
    return 0;
  }

  /**
   * True when ingest reads the generated data set (the embedded default), which then must exist
   * first.
   */
  private boolean readsSynthData() {
    return ingest.images().stream().anyMatch(uri -> uri.startsWith(synth.output()));
  }
}
