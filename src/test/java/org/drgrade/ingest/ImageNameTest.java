package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drgrade.Side;
import org.junit.jupiter.api.Test;

class ImageNameTest {
  @Test
  void parsesTheThreeRealNamingForms() {
    assertEquals(new ImageName("10_left", "10", Side.LEFT), ImageName.parse("10_left.jpeg").orElseThrow());
    assertEquals(new ImageName("44349_right", "44349", Side.RIGHT), ImageName.parse("s3a://b/train/44349_right.jpeg").orElseThrow());
    assertEquals(new ImageName("Patient001_L", "Patient001", Side.LEFT), ImageName.parse("Patient001_L.jpg").orElseThrow());
    assertEquals(new ImageName("Patient254-R", "Patient254", Side.RIGHT), ImageName.parse("Patient254-R.jpg").orElseThrow());
  }

  @Test
  void rejectsNamesWithoutPatientAndSide() {
    assertTrue(ImageName.parse("04e1b77ef107.png").isEmpty());
    assertTrue(ImageName.parse("10_middle.jpeg").isEmpty());
    assertTrue(ImageName.parse("left.jpeg").isEmpty());
    assertTrue(ImageName.parse("10_left_copy.jpeg").isEmpty());
  }

  @Test
  void stemAndExtension() {
    assertEquals("10_left", ImageName.stem("file:/a/b/10_left.JPEG"));
    assertEquals("jpeg", ImageName.extension("file:/a/b/10_left.JPEG"));
    assertEquals("", ImageName.extension("README"));
  }
}
