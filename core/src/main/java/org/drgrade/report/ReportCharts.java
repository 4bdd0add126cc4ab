package org.drgrade.report;

import java.util.List;
import java.util.function.Function;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.Grades;
import org.drgrade.grading.MetricValue;
import org.drgrade.train.EpochMetrics;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots, drawn with JFreeChart from the figures the stages wrote. */
final class ReportCharts {
  private ReportCharts() {}

  static List<Figure> draw(ReportInputs in, DecisionRule submitted) {
    List<EpochMetrics> epochs = in.train().history();
    GradeAgreement chosen = in.afterBlending().agreement().get(submitted);
    return List.of(
        figure(
            "loss.png",
            "loss per epoch",
            "Training loss (dropout on, with the L2 term) and validation log-loss per epoch.",
            perEpoch(
                "Loss per epoch",
                "loss",
                epochs,
                List.of(
                    new Series("train loss", EpochMetrics::trainLoss),
                    new Series("validation log-loss", EpochMetrics::valLogLoss)))),
        figure(
            "kappa.png",
            "validation kappa per epoch",
            "Validation quadratic weighted kappa and accuracy (argmax) per epoch.",
            perEpoch(
                "Validation kappa per epoch",
                "",
                epochs,
                List.of(
                    new Series("validation kappa", EpochMetrics::valKappa),
                    new Series("validation accuracy", EpochMetrics::valAccuracy)))),
        figure(
            "confusion.png",
            "confusion matrix",
            "Validation images after blending, labelled by the submitted rule '"
                + submitted.label()
                + "': counts, shaded by the share of each true grade.",
            ConfusionChart.of(chosen, "Confusion matrix (validation, " + submitted.label() + ")"),
            520,
            460),
        figure(
            "rules.png",
            "kappa by decision rule",
            "Validation kappa and expected-kappa proxy of every decision rule, "
                + "on predict's distributions (before blending) and on the blended ones (after).",
            rules(in)),
        figure(
            "classes.png",
            "class distribution",
            "Grades of the validation labels, of the submitted rule's validation "
                + "predictions and of the submission ("
                + in.decide().targetSplit()
                + " images).",
            classes(in, chosen, submitted)),
        figure(
            "referable.png",
            "referable DR sensitivity and specificity",
            "Referable DR (grade 2 or worse) on validation "
                + "after blending: share of referable eyes called referable (sensitivity) and of the others called not (specificity).",
            referable(in)));
  }

  private record Series(String name, Function<EpochMetrics, Double> value) {}

  private static Figure figure(String file, String alt, String caption, JFreeChart chart) {
    return figure(file, alt, caption, chart, ChartPng.WIDTH, ChartPng.HEIGHT);
  }

  private static Figure figure(
      String file, String alt, String caption, JFreeChart chart, int width, int height) {
    return new Figure(file, alt, caption, ChartPng.encode(chart, width, height));
  }

  private static JFreeChart perEpoch(
      String title, String yLabel, List<EpochMetrics> epochs, List<Series> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : series) {
      XYSeries line = new XYSeries(s.name());
      for (EpochMetrics m : epochs) {
        Double v = s.value().apply(m);
        if (v != null && Double.isFinite(v)) {
          line.add(m.epoch() + 1, v);
        }
      }
      data.addSeries(line);
    }
    JFreeChart chart = ChartPng.style(ChartFactory.createXYLineChart(title, "epoch", yLabel, data));
    XYPlot plot = chart.getXYPlot();
    ((XYLineAndShapeRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  private static JFreeChart rules(ReportInputs in) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (DecisionRule rule : DecisionRule.values()) {
      add(
          data,
          in.beforeBlending().agreement().get(rule).kappa(),
          "kappa before blending",
          rule.label());
      add(
          data,
          in.afterBlending().agreement().get(rule).kappa(),
          "kappa after blending",
          rule.label());
      add(data, in.beforeBlending().proxy().get(rule), "proxy before blending", rule.label());
      add(data, in.afterBlending().proxy().get(rule), "proxy after blending", rule.label());
    }
    return bars("Kappa by decision rule (validation)", "", data);
  }

  private static JFreeChart classes(
      ReportInputs in, GradeAgreement chosen, DecisionRule submitted) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    long[] labels = chosen.trueHistogram();
    long[] predicted = chosen.predictedHistogram();
    for (int g = 0; g < Grades.COUNT; g++) {
      String grade = "grade " + g;
      data.addValue(labels[g], "validation labels", grade);
      data.addValue(predicted[g], "validation predicted (" + submitted.label() + ")", grade);
      data.addValue(
          in.submissionHistogram()[g], "submission (" + in.decide().targetSplit() + ")", grade);
    }
    JFreeChart chart = bars("Grades: labels vs predictions", "images", data);
    chart
        .getCategoryPlot()
        .getDomainAxis()
        .setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    return chart;
  }

  private static JFreeChart referable(ReportInputs in) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (DecisionRule rule : DecisionRule.values()) {
      GradeAgreement a = in.afterBlending().agreement().get(rule);
      add(data, a.referableSensitivity(), "sensitivity", rule.label());
      add(data, a.referableSpecificity(), "specificity", rule.label());
    }
    return bars("Referable DR by decision rule (validation)", "", data);
  }

  /**
   * An undefined metric (no referable eyes, one grade only) leaves its bar out instead of drawing
   * 0.
   */
  private static void add(
      DefaultCategoryDataset data, MetricValue value, String series, String category) {
    data.addValue(value.defined() ? value.value() : null, series, category);
  }

  private static JFreeChart bars(String title, String valueLabel, DefaultCategoryDataset data) {
    JFreeChart chart = ChartPng.style(ChartFactory.createBarChart(title, "", valueLabel, data));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    return chart;
  }
}
