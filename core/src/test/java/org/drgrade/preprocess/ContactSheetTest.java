package org.drgrade.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

  @Test
  void rendersOneRowPerImageIncludingFailures() throws Exception {
    PreprocessConfig config = PreprocessConfig.defaults();
    List<Path> files = new ArrayList<>(SharedData.images("eyepacs-sample"));
    files.add(SharedData.folder("aptos-test-unlabelled").resolve("0e9d6c70eaf7.png"));
    files.add(SharedData.folder("aptos-test-unlabelled").resolve("25d98da73248.png"));
    List<ContactSheet.Entry> entries = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = SharedData.read(file);
      entries.add(
          new ContactSheet.Entry(
              file.getFileName().toString(), bytes, ImagePreprocessor.process(bytes, config)));
    }
    try (Mat white = new Mat(480, 640, CV_8UC3, Scalar.all(255))) {
      byte[] png = Png.encode(white, 1);
      entries.add(new ContactSheet.Entry("all-white", png, ImagePreprocessor.process(png, config)));
    }
    byte[] sheet = ContactSheet.render(entries, 200);
    Path out =
        Path.of(System.getProperty("java.io.tmpdir"), "drgrade-preprocess", "contact-sheet.png");
    Files.createDirectories(out.getParent());
    Files.write(out, sheet);
    System.out.println("contact sheet: " + out);
    try (Mat decoded = ReducedDecoder.decode(sheet, 1)) {
      assertEquals(200 * entries.size(), decoded.rows());
      assertEquals(300 + 200, decoded.cols());
    }
  }
}
