package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.drgrade.Side;
import org.drgrade.config.ConfigError;
import org.junit.jupiter.api.Test;

class ImageNameTest {
  @Test
  void parsesTheThreeRealNamingForms() {
    assertEquals(
        new ImageName("10_left", "10", Side.LEFT), ImageName.parse("10_left.jpeg").orElseThrow());
    assertEquals(
        new ImageName("44349_right", "44349", Side.RIGHT),
        ImageName.parse("s3a://b/train/44349_right.jpeg").orElseThrow());
    assertEquals(
        new ImageName("Patient001_L", "Patient001", Side.LEFT),
        ImageName.parse("Patient001_L.jpg").orElseThrow());
    assertEquals(
        new ImageName("Patient254-R", "Patient254", Side.RIGHT),
        ImageName.parse("Patient254-R.jpg").orElseThrow());
  }

  @Test
  void namesWithoutPatientAndSideAreOneEyePatients() {
    for (String name :
        new String[] {
          "04e1b77ef107.png",
          "10_middle.jpeg",
          "left.jpeg",
          "10_left_copy.jpeg",
          "IDRiD_001.jpg",
          "20051019_38557_0100_PP.tif",
          "fundus scan #3 (é).jpeg"
        }) {
      ImageName parsed = ImageName.parse(name).orElseThrow();
      assertEquals(ImageName.stem(name), parsed.patient(), name);
      assertEquals(null, parsed.side(), name);
      assertEquals("unknown", parsed.sideLabel(), name);
    }
  }

  @Test
  void spacesAndHyphensSeparateSideLikeUnderscores() {
    assertEquals(
        new ImageName("304 left", "304", Side.LEFT),
        ImageName.parse("304 left.jpeg").orElseThrow());
    assertEquals(
        new ImageName("304-RIGHT", "304", Side.RIGHT),
        ImageName.parse("304-RIGHT.jpeg").orElseThrow());
  }

  @Test
  void aConfiguredPatternComesFirstAndKnowsOdAndOs() {
    Pattern idrid = ImageName.compilePattern("(?<patient>P\\d+)_(?<side>OD|OS)_\\d+");
    assertEquals(
        new ImageName("P12_OD_3", "P12", Side.RIGHT),
        ImageName.parse("P12_OD_3.png", idrid).orElseThrow());
    assertEquals(
        new ImageName("P12_OS_1", "P12", Side.LEFT),
        ImageName.parse("P12_OS_1.png", idrid).orElseThrow());
    assertEquals(
        new ImageName("10_left", "10", Side.LEFT),
        ImageName.parse("10_left.jpeg", idrid).orElseThrow(),
        "built-in forms still apply");
    assertEquals(
        "P12_XX_1",
        ImageName.parse("P12_XX_1.png", idrid).orElseThrow().patient(),
        "no match: a one-eye patient");
    Pattern anySide = ImageName.compilePattern("(?<patient>\\d+)_(?<side>\\w+)");
    assertTrue(
        ImageName.parse("7_up.png", anySide).isEmpty(), "a side that is no eye cannot be guessed");
  }

  @Test
  void aPatternWithoutItsGroupsOrSyntaxIsAConfigError() {
    assertEquals(null, ImageName.compilePattern(" "));
    ConfigError noSide =
        assertThrows(ConfigError.class, () -> ImageName.compilePattern("(?<patient>\\d+)_x"));
    assertTrue(noSide.getMessage().contains("(?<side>"), noSide.getMessage());
    ConfigError syntax =
        assertThrows(ConfigError.class, () -> ImageName.compilePattern("(?<patient>\\d+"));
    assertTrue(
        syntax.getMessage().startsWith("drgrade.ingest.name-pattern: not a regular expression"),
        syntax.getMessage());
  }

  @Test
  void blankOrControlCharacterNamesCannotBeIds() {
    assertTrue(ImageName.parse(" .jpeg").isEmpty());
    assertTrue(ImageName.parse("a\u0007b.jpeg").isEmpty());
  }

  @Test
  void stemAndExtension() {
    assertEquals("10_left", ImageName.stem("file:/a/b/10_left.JPEG"));
    assertEquals("jpeg", ImageName.extension("file:/a/b/10_left.JPEG"));
    assertEquals("", ImageName.extension("README"));
  }
}
