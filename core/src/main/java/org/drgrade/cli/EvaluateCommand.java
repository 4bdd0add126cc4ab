package org.drgrade.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import org.drgrade.config.ConfigError;
import org.drgrade.evaluate.SubmissionScore;
import org.drgrade.ingest.LabelRow;
import org.drgrade.ingest.LabelsCsv;
import org.drgrade.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Score a submission (image,level CSV) against a labels file like the Kaggle leaderboard: quadratic",
      "weighted kappa over grades 0-4 (or 'undefined'), confusion matrix, accuracy, referable-DR sensitivity and",
      "specificity. Images missing from either side are reported, not ignored. No Spark."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = "--labels",
      required = true,
      paramLabel = "CSV",
      description = "The true grades, image,level.")
  File labels;

  @Option(
      names = "--submission",
      required = true,
      paramLabel = "CSV",
      description = "The submitted grades, image,level.")
  File submission;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the result as JSON to FILE ('-' = standard output only JSON).")
  String json;

  @Override
  public Integer call() throws IOException {
    SubmissionScore score = SubmissionScore.of(read(labels), read(submission));
    if ("-".equals(json)) {
      System.out.println(Json.pretty(score));
      return 0;
    }
    System.out.println(score.text());
    if (json != null) {
      Files.writeString(new File(json).toPath(), Json.pretty(score));
    }
    return 0;
  }

  private static List<LabelRow> read(File f) throws IOException {
    if (!f.isFile()) {
      throw new ConfigError("no such file: " + f);
    }
    try (InputStream in = Files.newInputStream(f.toPath())) {
      return LabelsCsv.read(in, f.toString()).rows();
    }
  }
}
