package org.drgrade.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.drgrade.blend.BlendReport;
import org.drgrade.blend.BlendScores;
import org.drgrade.grading.DecisionRule;
import org.drgrade.grading.GradeAgreement;
import org.drgrade.grading.MetricValue;

/**
 * The report's index.html: headline figures, the plots (referenced by relative path, so the report
 * folder is self-contained and can be copied or served as it is), the decision-rule and blend
 * tables and the quarantine table. Every text that comes from data is HTML-escaped.
 */
final class ReportPage {
  private static final String STYLE =
      """
      *{box-sizing:border-box} body{font-family:system-ui,sans-serif;margin:0 auto;padding:24px;max-width:1320px;color:#222}
      h1{margin-bottom:4px} .sub{color:#666;margin-top:0}
      .headlines{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
      .headline{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:150px}
      .headline .value{font-size:26px;font-weight:600;display:block} .headline .name{color:#555;font-size:13px}
      .plots{display:flex;flex-wrap:wrap;gap:16px} figure{margin:0;flex:1 1 520px;max-width:640px}
      figure img{width:100%;border:1px solid #eee} figure.wide{max-width:none} figure.wide img{width:auto;max-width:100%} figcaption{font-size:13px;color:#555}
      table{border-collapse:collapse;font-size:13px;margin:8px 0} th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
      td.num{text-align:right;font-variant-numeric:tabular-nums} tr.chosen{background:#eef6ff;font-weight:600}
      """;

  /**
   * Counts the images that loaded, so a headless browser (the report test) can tell that none is
   * broken.
   */
  private static final String LOAD_CHECK =
      """
      window.addEventListener('load', function () {
        var images = Array.prototype.slice.call(document.images);
        var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; });
        document.body.setAttribute('data-images', images.length);
        document.body.setAttribute('data-images-loaded', loaded.length);
      });
      """;

  private final StringBuilder html = new StringBuilder();

  private ReportPage() {}

  static String render(
      ReportInputs in,
      Headlines headlines,
      List<Figure> plots,
      Optional<Figure> gallery,
      String runOutput) {
    ReportPage page = new ReportPage();
    page.html
        .append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>drgrade report</title>")
        .append("<style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>drgrade report</h1>\n");
    page.html
        .append("<p class=\"sub\">run ")
        .append(escapeHtml4(runOutput))
        .append("; submission: decide's rule '")
        .append(escapeHtml4(in.decide().submissionRule()))
        .append("' on ")
        .append(escapeHtml4(in.decide().input()))
        .append(
            DecisionRule.of(in.decide().submissionRule()).perImage()
                ? " (a per-image rule)"
                : " (a batch rule: it labels the submitted images as one set, so an image's grade"
                    + " depends on the others; drgrade grade grades each image alone)")
        .append("</p>\n");
    page.headlines(headlines);
    page.html.append("<h2>Plots</h2>\n<div class=\"plots\">\n");
    plots.forEach(f -> page.figure(f, false));
    page.html.append("</div>\n");
    page.rules(in, headlines.rule());
    in.blend().ifPresent(page::blend);
    gallery.ifPresent(
        g -> {
          page.html.append("<h2>Crop gallery</h2>\n");
          page.figure(g, true);
        });
    page.quarantine(in);
    page.html.append("<script>").append(LOAD_CHECK).append("</script>\n</body></html>\n");
    return page.html.toString();
  }

  private void headlines(Headlines h) {
    html.append("<div class=\"headlines\">\n");
    for (Headlines.Item item : h.items()) {
      html.append("<div class=\"headline\" data-figure=\"")
          .append(escapeHtml4(item.key()))
          .append("\"><span class=\"value\">")
          .append(escapeHtml4(item.value()))
          .append("</span><span class=\"name\">")
          .append(escapeHtml4(item.name()))
          .append("</span></div>\n");
    }
    html.append("</div>\n");
  }

  private void figure(Figure f, boolean wide) {
    html.append(wide ? "<figure class=\"wide\">" : "<figure>")
        .append("<img src=\"")
        .append(escapeHtml4(f.file()))
        .append("\" alt=\"")
        .append(escapeHtml4(f.alt()))
        .append("\"><figcaption>")
        .append(escapeHtml4(f.caption()))
        .append("</figcaption></figure>\n");
  }

  private void rules(ReportInputs in, DecisionRule submitted) {
    html.append("<h2>Decision rules (validation, ")
        .append(in.afterBlending().images())
        .append(" images)</h2>\n<table>\n")
        .append(
            "<tr><th>rule</th><th>kappa before blending</th><th>kappa after</th><th>proxy before</th><th>proxy after</th>")
        .append(
            "<th>accuracy after</th><th>referable sensitivity</th><th>referable specificity</th></tr>\n");
    for (DecisionRule rule : DecisionRule.values()) {
      GradeAgreement before = in.beforeBlending().agreement().get(rule);
      GradeAgreement after = in.afterBlending().agreement().get(rule);
      html.append(rule == submitted ? "<tr class=\"chosen\">" : "<tr>")
          .append("<td>")
          .append(rule.label())
          .append(rule.perImage() ? "" : " (batch)")
          .append(rule == submitted ? " (submitted)" : "")
          .append("</td>");
      for (MetricValue v :
          List.of(
              before.kappa(),
              after.kappa(),
              in.beforeBlending().proxy().get(rule),
              in.afterBlending().proxy().get(rule),
              after.accuracy(),
              after.referableSensitivity(),
              after.referableSpecificity())) {
        cell(Headlines.decimal(v));
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n")
        .append(
            "<p class=\"sub\">Every figure is out of sample: tuned_cut_points is scored with"
                + " cut-points tuned on the other validation folds (whole patients), never on the"
                + " images it grades. Batch rules label the whole set at once.</p>\n");
  }

  private void blend(BlendReport report) {
    html.append(
            "<h2>Eye blending (validation)</h2>\n<table>\n<tr><th>method</th><th>exact-rule kappa</th>")
        .append("<th>argmax kappa</th><th>log-loss</th><th>eyes</th></tr>\n");
    blendRow("raw (predict)", report.raw());
    blendRow(
        String.format(Locale.ROOT, "linear, own weight %.2f", report.linearOwnWeight()),
        report.linear());
    if (report.linearOutOfFold() != null) {
      blendRow("linear (out of fold)", report.linearOutOfFold());
    }
    blendRow("network (out of fold)", report.networkOutOfFold());
    html.append("</table>\n");
  }

  private void blendRow(String name, BlendScores s) {
    html.append("<tr><td>").append(escapeHtml4(name)).append("</td>");
    cell(Headlines.decimal(s.exactKappa()));
    cell(Headlines.decimal(s.argmaxKappa()));
    cell(Double.isFinite(s.logLoss()) ? String.format(Locale.ROOT, "%.4f", s.logLoss()) : "n/a");
    cell(Integer.toString(s.eyes()));
    html.append("</tr>\n");
  }

  private void quarantine(ReportInputs in) {
    html.append("<h2>Quarantine (").append(in.quarantineTotal()).append(")</h2>\n");
    if (in.quarantineTotal() == 0) {
      html.append("<p>Nothing was quarantined.</p>\n");
      return;
    }
    html.append(
        "<table id=\"quarantine\">\n<tr><th>stage</th><th>image</th><th>path</th><th>reason</th><th>detail</th></tr>\n");
    for (QuarantineRow r : in.quarantine()) {
      html.append("<tr>");
      for (String text : new String[] {r.stage(), r.image(), r.path(), r.reason(), r.detail()}) {
        html.append("<td>").append(text == null ? "" : escapeHtml4(text)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    long hidden = in.quarantineTotal() - in.quarantine().size();
    if (hidden > 0) {
      html.append("<p>")
          .append(hidden)
          .append(" more rows: see the quarantine/ tables of ingest and preprocess.</p>\n");
    }
  }

  private void cell(String number) {
    html.append("<td class=\"num\">").append(escapeHtml4(number)).append("</td>");
  }
}
