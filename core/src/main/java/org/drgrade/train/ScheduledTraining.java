package org.drgrade.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.drgrade.io.HadoopFiles;
import org.drgrade.io.StageMarker;

/**
 * Trains the steps of a {@link TrainingSchedule} in order, each a train stage of its own (so each
 * checkpoints, resumes and is marked complete as any run is: a rerun skips the epochs done, step by
 * step). Every step trains on the run's one patient split or fold map: a step without a saved split
 * gets a copy of the first saved one it finds among the steps (the previous step's, or one a
 * benchmark saved for the run), so the warm-start guard holds by construction.
 */
public final class ScheduledTraining {
  private static final Logger LOG = LogManager.getLogger(ScheduledTraining.class);

  private final SparkSession spark;
  private final HadoopFiles files;

  public ScheduledTraining(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /** Trains every step; returns each step's summary, the run's own (last) one last. */
  public List<TrainSummary> run(TrainingSchedule schedule) {
    List<TrainSummary> done = new ArrayList<>();
    List<TrainingSchedule.Step> steps = schedule.steps();
    for (TrainingSchedule.Step step : steps) {
      if (steps.size() > 1) {
        LOG.info("train: schedule {} of {}", step.text(), steps.size());
        shareSplit(step, steps);
      }
      done.add(new TrainStage(spark).run(step.train()));
    }
    return done;
  }

  /** Gives {@code step} the run's saved split (or folds) when it has none of its own yet. */
  private void shareSplit(TrainingSchedule.Step step, List<TrainingSchedule.Step> steps) {
    String mine = splitOf(step);
    if (StageMarker.isComplete(files, mine)) {
      return;
    }
    for (TrainingSchedule.Step other : steps) {
      String theirs = splitOf(other);
      if (other != step && StageMarker.isComplete(files, theirs)) {
        LOG.info(
            "train: step {} trains on the split of step {} ({})",
            step.number(),
            other.number(),
            theirs);
        spark.read().parquet(theirs).coalesce(1).write().mode("overwrite").parquet(mine);
        return;
      }
    }
  }

  private static String splitOf(TrainingSchedule.Step step) {
    return HadoopFiles.join(step.train().output(), SplitTable.DIR);
  }
}
