package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Ben Graham's preprocessing (winner of Kaggle's Diabetic Retinopathy Detection, 2015), the
 * alternative to {@link HistogramEqualizer} chosen by {@code drgrade.preprocess.method = graham}.
 *
 * <p>Each channel becomes {@code 4 * (img - GaussianBlur(img, sigma = r / 30)) + 128}, saturated to
 * 0-255 (OpenCV's addWeighted with weights 4, -4 and gamma 128 on 8-bit images), r being the fitted
 * disc radius in output pixels. Subtracting the local average colour removes what varies slowly
 * across the eye (uneven lighting, vignetting, and the colour cast of each camera and exposure) and
 * keeps what varies on the scale of lesions and vessels, centred on grey. Only the disc of radius
 * 0.9 r is kept, everything outside it is set to 128: the blur mixes the black surround into the
 * outermost tenth of the eye, which comes out as a bright rim with nothing to grade in it.
 */
public final class GrahamNormaliser {

  /** The blur's sigma is the disc radius over this (Graham: radius 300 px, sigma 10 px). */
  static final double BLUR_DIVISOR = 30;

  /** The share of the disc radius kept. */
  public static final double KEPT_RADIUS = 0.9;

  /** The level everything outside the kept disc is set to, and the centre of the output. */
  public static final int GREY = 128;

  private GrahamNormaliser() {}

  /**
   * A new image: {@code bgr} with its local average colour subtracted inside {@code kept}, grey
   * outside it.
   *
   * @param radius the fitted disc radius in pixels of {@code bgr}
   * @param kept 8-bit mask of the pixels to keep (the disc of radius {@link #KEPT_RADIUS} r)
   */
  public static Mat normalise(Mat bgr, double radius, Mat kept) {
    if (!(radius > 0)) throw new IllegalArgumentException("disc radius " + radius);
    Mat out = new Mat(bgr.rows(), bgr.cols(), CV_8UC3, Scalar.all(GREY));
    try (Mat blurred = new Mat();
        Mat detail = new Mat();
        Size automatic = new Size(0, 0)) {
      // ksize (0, 0): OpenCV sizes the kernel from sigma (about +-3 sigma for 8-bit images).
      GaussianBlur(bgr, blurred, automatic, radius / BLUR_DIVISOR);
      addWeighted(bgr, 4, blurred, -4, GREY, detail);
      detail.copyTo(out, kept);
    }
    return out;
  }
}
