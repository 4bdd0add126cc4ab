package org.drgrade.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;

/** One look for every report chart (white, light grid, a fixed palette) and its PNG encoding. */
final class ChartPng {
  static final int WIDTH = 640;
  static final int HEIGHT = 380;

  /**
   * Colour-blind-safe (Okabe-Ito) series colours, so before/after and sens/spec stay
   * distinguishable.
   */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0x56B4E9)
  };

  private static final Color GRID = new Color(0xDDDDDD);

  private ChartPng() {}

  static byte[] encode(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart " + chart.getTitle().getText(), e);
    }
    return out.toByteArray();
  }

  static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot xy) {
      xy.setBackgroundPaint(Color.WHITE);
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      for (int s = 0; s < PALETTE.length; s++) {
        xy.getRenderer().setSeriesPaint(s, PALETTE[s]);
        xy.getRenderer().setSeriesStroke(s, new BasicStroke(2f));
      }
    } else if (chart.getPlot() instanceof CategoryPlot category) {
      category.setBackgroundPaint(Color.WHITE);
      category.setRangeGridlinePaint(GRID);
      BarRenderer bars = (BarRenderer) category.getRenderer();
      bars.setBarPainter(new StandardBarPainter());
      bars.setShadowVisible(false);
      bars.setItemMargin(0.05);
      for (int s = 0; s < PALETTE.length; s++) {
        bars.setSeriesPaint(s, PALETTE[s]);
      }
    }
    return chart;
  }
}
