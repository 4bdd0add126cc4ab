package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders the crop gallery: one row per image, the source scaled down with the chosen crop box
 * (green) and fitted disc (red) drawn on it, then the S x S output (or the failure reason).
 */
public final class ContactSheet {

  /**
   * @param name shown on the row; @param source the encoded source; @param result its preprocessing
   */
  public record Entry(String name, byte[] source, PreprocessResult result) {}

  private static final Scalar GREEN = new Scalar(0, 255, 0, 0);
  private static final Scalar RED = new Scalar(0, 0, 255, 0);
  private static final Scalar WHITE = Scalar.all(255);
  private static final Scalar GREY = Scalar.all(40);

  private ContactSheet() {}

  /** A PNG with one row per entry, each {@code rowHeight} pixels tall. */
  public static byte[] render(List<Entry> entries, int rowHeight) {
    int sourceWidth = rowHeight * 3 / 2;
    try (Mat sheet =
        new Mat(rowHeight * Math.max(1, entries.size()), sourceWidth + rowHeight, CV_8UC3, GREY)) {
      for (int i = 0; i < entries.size(); i++) {
        try (Rect left = new Rect(0, i * rowHeight, sourceWidth, rowHeight);
            Rect right = new Rect(sourceWidth, i * rowHeight, rowHeight, rowHeight);
            Mat sourceCell = sheet.apply(left);
            Mat outputCell = sheet.apply(right)) {
          drawSource(sourceCell, entries.get(i));
          drawOutput(outputCell, entries.get(i).result());
        }
      }
      return Png.encode(sheet, 3);
    }
  }

  private static void drawSource(Mat cell, Entry entry) {
    // 1/8 DCT decode: a thumbnail needs no more, and it keeps a 100-row sheet cheap
    Mat thumbSource =
        ImageHeader.probe(entry.source()).map(ImageHeader::isJpeg).orElse(false)
            ? ReducedDecoder.decode(entry.source(), 8)
            : ReducedDecoder.decode(entry.source(), 1);
    try (thumbSource) {
      if (thumbSource.empty()) return;
      double scale =
          Math.min(
              cell.cols() / (double) thumbSource.cols(), cell.rows() / (double) thumbSource.rows());
      int w = (int) Math.round(thumbSource.cols() * scale);
      int h = (int) Math.round(thumbSource.rows() * scale);
      try (Rect target = new Rect((cell.cols() - w) / 2, (cell.rows() - h) / 2, w, h);
          Mat area = cell.apply(target);
          Size size = new Size(w, h)) {
        resize(thumbSource, area, size, 0, 0, INTER_AREA);
        if (entry.result() instanceof PreprocessResult.Success ok) {
          drawCrop(area, ok, w / (double) ok.sourceWidth());
        }
      }
      label(cell, entry.name() + describe(entry.result()));
    }
  }

  private static void drawCrop(Mat area, PreprocessResult.Success ok, double s) {
    CropBox b = ok.crop().box();
    Disc d = ok.crop().disc();
    try (Rect box =
            new Rect(
                (int) (b.x() * s),
                (int) (b.y() * s),
                (int) (b.width() * s),
                (int) (b.height() * s));
        Point centre =
            new Point((int) Math.round(d.centerX() * s), (int) Math.round(d.centerY() * s))) {
      rectangle(area, box, GREEN, 2, LINE_AA, 0);
      circle(area, centre, (int) Math.round(d.radius() * s), RED, 1, LINE_AA, 0);
    }
  }

  private static void drawOutput(Mat cell, PreprocessResult result) {
    if (result instanceof PreprocessResult.Success ok) {
      try (Mat output = ReducedDecoder.decode(ok.png(), 1);
          Size size = new Size(cell.cols(), cell.rows())) {
        resize(output, cell, size, 0, 0, INTER_AREA);
      }
    } else if (result instanceof PreprocessResult.Failure failure) {
      label(cell, failure.reason().name());
    }
  }

  private static String describe(PreprocessResult result) {
    if (result instanceof PreprocessResult.Success ok) {
      return String.format(" q=%.2f t=%d", ok.crop().quality(), ok.crop().threshold());
    }
    return " FAILED";
  }

  private static void label(Mat cell, String text) {
    try (Point at = new Point(4, 16)) {
      putText(cell, text, at, FONT_HERSHEY_SIMPLEX, 0.45, WHITE, 1, LINE_AA, false);
    }
  }
}
