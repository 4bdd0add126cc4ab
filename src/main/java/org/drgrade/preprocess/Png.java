package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** PNG encoding of an 8-bit image into a Java byte array. */
final class Png {

    private Png() {
    }

    static byte[] encode(Mat image, int compression) {
        try (BytePointer buffer = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_PNG_COMPRESSION, compression)) {
            if (!imencode(".png", image, buffer, params)) {
                throw new IllegalStateException("PNG encoding failed for a " + image.cols() + "x" + image.rows() + " image");
            }
            byte[] png = new byte[(int) buffer.limit()];
            buffer.get(png);
            return png;
        }
    }
}
