package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The per-image preprocessing of docs/method.md, Preprocessing: decode (reduced when possible),
 * find the eye, crop, letterbox to S x S, normalise (equalise each channel over the eye, or
 * Graham's local average subtraction: {@link PreprocessConfig#method}), encode PNG. Pure and
 * thread-safe; the Spark stage calls {@link #process} once per image inside mapPartitions.
 */
public final class ImagePreprocessor {

  private static final Scalar ON = Scalar.all(255);
  private static final Scalar OFF = Scalar.all(0);

  /** Sub-pixel bits for drawing the eye mask, so its edge follows the fitted disc to 1/16 px. */
  private static final int MASK_SHIFT = 4;

  private ImagePreprocessor() {}

  public static PreprocessResult process(byte[] encoded, PreprocessConfig config) {
    Optional<ImageHeader> header = ImageHeader.probe(encoded);
    if (header.isPresent() && header.get().pixels() > config.maxSourcePixels()) {
      ImageHeader h = header.get();
      return new PreprocessResult.Failure(
          FailureReason.TOO_LARGE,
          "header announces "
              + h.width()
              + "x"
              + h.height()
              + " pixels, over the limit of "
              + config.maxSourcePixels());
    }
    int reduction =
        header
            .filter(h -> config.reducedDecode())
            .map(h -> ReducedDecoder.reductionFor(h, config.outputSize()))
            .orElse(1);
    AdaptiveCropper cropper = new AdaptiveCropper(config);
    while (true) {
      try (Mat decoded = ReducedDecoder.decode(encoded, reduction)) {
        if (decoded.empty()) {
          return new PreprocessResult.Failure(
              FailureReason.UNDECODABLE,
              header
                  .map(
                      h ->
                          "OpenCV could not decode a "
                              + h.format()
                              + " of "
                              + h.width()
                              + "x"
                              + h.height())
                  .orElse(
                      "not an image format ImageIO or OpenCV recognise ("
                          + encoded.length
                          + " bytes)"));
        }
        int sourceWidth = header.map(ImageHeader::width).orElse(decoded.cols());
        int sourceHeight = header.map(ImageHeader::height).orElse(decoded.rows());
        if (header.isEmpty() && (long) sourceWidth * sourceHeight > config.maxSourcePixels()) {
          return new PreprocessResult.Failure(
              FailureReason.TOO_LARGE,
              "decoded "
                  + sourceWidth
                  + "x"
                  + sourceHeight
                  + " pixels, over the limit of "
                  + config.maxSourcePixels());
        }
        CropOutcome outcome = cropper.find(decoded);
        if (outcome instanceof CropOutcome.NoEye noEye) {
          return new PreprocessResult.Failure(FailureReason.NO_EYE_FOUND, noEye.reason());
        }
        EyeCrop crop = (EyeCrop) outcome;
        // The short side was only a proxy for the disc: if the eye came out smaller than
        // the output, decode again at the next finer scale rather than upsample.
        if (reduction > 1
            && Math.max(crop.box().width(), crop.box().height()) < config.outputSize()) {
          reduction /= 2;
          continue;
        }
        EyeCrop sourceCrop =
            crop.scaled(sourceWidth / (double) decoded.cols(), sourceWidth, sourceHeight);
        return render(decoded, crop, config)
            .toSuccess(sourceCrop, sourceWidth, sourceHeight, reduction);
      }
    }
  }

  /** The normalised output of one crop, before it is tied to its source. */
  private record Rendered(byte[] png, ChannelStats stats) {
    PreprocessResult.Success toSuccess(EyeCrop crop, int width, int height, int reduction) {
      return new PreprocessResult.Success(png, crop, width, height, reduction, stats);
    }
  }

  private static Rendered render(Mat decoded, EyeCrop crop, PreprocessConfig config) {
    CropBox b = crop.box();
    try (Rect rect = new Rect(b.x(), b.y(), b.width(), b.height());
        Mat eye = decoded.apply(rect);
        Letterbox box = Letterbox.fit(eye, config.outputSize())) {
      return switch (config.method()) {
        case EQUALISE -> equalised(box, crop, config);
        case GRAHAM -> graham(box, crop, config);
      };
    }
  }

  private static Rendered equalised(Letterbox box, EyeCrop crop, PreprocessConfig config) {
    try (Mat mask = eyeMask(box, crop, config.outputSize());
        Mat normalised = HistogramEqualizer.equalize(box.image(), mask)) {
      return new Rendered(
          Png.encode(normalised, config.pngCompression()), ChannelStats.ofMasked(normalised, mask));
    }
  }

  /** Graham's normalisation; the channel stats are over the kept 0.9 r disc. */
  private static Rendered graham(Letterbox box, EyeCrop crop, PreprocessConfig config) {
    int size = config.outputSize();
    try (Mat kept = eyeMask(box, crop, size, GrahamNormaliser.KEPT_RADIUS);
        Mat normalised =
            GrahamNormaliser.normalise(box.image(), crop.disc().radius() * box.scale(), kept);
        Mat zeroOutside = new Mat(size, size, CV_8UC3, OFF)) {
      normalised.copyTo(zeroOutside, kept);
      return new Rendered(
          Png.encode(normalised, config.pngCompression()),
          ChannelStats.ofMasked(zeroOutside, kept));
    }
  }

  /** The fitted disc mapped into the letterbox, limited to the scaled crop (never the padding). */
  static Mat eyeMask(Letterbox box, EyeCrop crop, int size) {
    return eyeMask(box, crop, size, 1.0);
  }

  /** The same with the disc's radius scaled by {@code radiusFactor} (same centre). */
  static Mat eyeMask(Letterbox box, EyeCrop crop, int size, double radiusFactor) {
    Mat mask = new Mat(size, size, CV_8UC1, OFF);
    double s = box.scale();
    // pixel centres map as (x + 0.5) * s - 0.5 under resize
    double cx = (crop.disc().centerX() - crop.box().x() + 0.5) * s - 0.5;
    double cy = (crop.disc().centerY() - crop.box().y() + 0.5) * s - 0.5;
    int one = 1 << MASK_SHIFT;
    try (Rect content =
            new Rect(box.offsetX(), box.offsetY(), box.contentWidth(), box.contentHeight());
        Mat inside = mask.apply(content);
        Point centre = new Point((int) Math.round(cx * one), (int) Math.round(cy * one))) {
      circle(
          inside,
          centre,
          (int) Math.round(crop.disc().radius() * radiusFactor * s * one),
          ON,
          FILLED,
          LINE_8,
          MASK_SHIFT);
    }
    return mask;
  }
}
