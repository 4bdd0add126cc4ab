package org.drgrade.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.Grades;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The confusion matrix as a heat map: one cell per (predicted, true) grade, shaded by the share of
 * the true grade's images, so a rare grade's row is as readable as grade 0's; the count is written
 * in each cell.
 */
final class ConfusionChart {
  private ConfusionChart() {}

  static JFreeChart of(GradeAgreement agreement, String title) {
    long[][] counts = agreement.confusion();
    int cells = Grades.COUNT * Grades.COUNT;
    double[][] xyz = new double[3][cells];
    XYPlot plot = new XYPlot();
    for (int truth = 0; truth < Grades.COUNT; truth++) {
      long rowTotal = 0;
      for (long c : counts[truth]) {
        rowTotal += c;
      }
      for (int predicted = 0; predicted < Grades.COUNT; predicted++) {
        int i = truth * Grades.COUNT + predicted;
        double share = rowTotal == 0 ? 0 : (double) counts[truth][predicted] / rowTotal;
        xyz[0][i] = predicted;
        xyz[1][i] = truth;
        xyz[2][i] = share;
        XYTextAnnotation label =
            new XYTextAnnotation(Long.toString(counts[truth][predicted]), predicted, truth);
        label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        label.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(label);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("share of true grade", xyz);
    plot.setDataset(data);
    plot.setDomainAxis(gradeAxis("predicted grade", false));
    plot.setRangeAxis(gradeAxis("true grade", true));
    XYBlockRenderer cellsRenderer = new XYBlockRenderer();
    cellsRenderer.setPaintScale(new BlueScale());
    plot.setRenderer(cellsRenderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Integer ticks 0-4 centred on the cells; the true-grade axis runs downwards like a table. */
  private static NumberAxis gradeAxis(String label, boolean inverted) {
    NumberAxis axis = new NumberAxis(label);
    axis.setRange(-0.5, Grades.COUNT - 0.5);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setInverted(inverted);
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    axis.setLowerMargin(0);
    axis.setUpperMargin(0);
    return axis;
  }

  /** White (no images) to dark blue (every image of the true grade). */
  private static final class BlueScale implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double share) {
      double s = Math.max(0, Math.min(1, share));
      return new Color((int) (255 - 255 * s), (int) (255 - 141 * s), (int) (255 - 77 * s));
    }
  }
}
