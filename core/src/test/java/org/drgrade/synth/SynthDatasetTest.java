package org.drgrade.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.drgrade.Side;
import org.junit.jupiter.api.Test;

class SynthDatasetTest {
  @Test
  void sameSeedGivesIdenticalJpegsAndLabels() {
    SynthDataset a = new SynthDataset(11, SizeProfile.SMALL),
        b = new SynthDataset(11, SizeProfile.SMALL);
    for (long p = 0; p < 3; p++) {
      assertEquals(a.labels(p), b.labels(p));
      assertArrayEquals(a.jpeg(p, Side.LEFT, 90), b.jpeg(p, Side.LEFT, 90));
    }
    // painting in another order (right eye first) changes nothing
    byte[] right = b.jpeg(2, Side.RIGHT, 90);
    assertArrayEquals(right, a.jpeg(2, Side.RIGHT, 90));
  }

  @Test
  void differentSeedGivesDifferentImagesAndLabels() {
    SynthDataset a = new SynthDataset(11, SizeProfile.SMALL),
        b = new SynthDataset(12, SizeProfile.SMALL);
    assertFalse(Arrays.equals(a.jpeg(0, Side.LEFT, 90), b.jpeg(0, Side.LEFT, 90)));
    assertNotEquals(labels(a, 100), labels(b, 100));
  }

  @Test
  void patientIdsIncreaseAndNamesFollowKaggle() {
    SynthDataset data = new SynthDataset(3, SizeProfile.SMALL);
    for (long p = 1; p < 500; p++) assertTrue(data.patientId(p) > data.patientId(p - 1));
    long id = data.patientId(4);
    assertEquals(id + "_right.jpeg", data.fileName(4, Side.RIGHT));
    assertEquals(
        List.of(id + "_left", id + "_right"),
        data.labels(4).stream().map(SynthDataset.Label::image).toList());
    assertEquals(id + "_left", data.spec(4, Side.LEFT).image());
    assertEquals(data.grades(4).left(), data.spec(4, Side.LEFT).grade());
  }

  @Test
  void sizeProfilesGiveCameraSizesOrSmallWidths() {
    SynthDataset camera = new SynthDataset(5, SizeProfile.CAMERA),
        small = new SynthDataset(5, SizeProfile.SMALL);
    for (long p = 0; p < 50; p++) {
      EyeSpec c = camera.spec(p, Side.LEFT);
      assertTrue(
          SizeProfile.CAMERAS.contains(new SizeProfile.ImageSize(c.width(), c.height())),
          c.width() + "x" + c.height());
      assertEquals(c.width(), camera.spec(p, Side.RIGHT).width(), "both eyes on one camera");
      EyeSpec s = small.spec(p, Side.LEFT);
      assertTrue(s.width() >= 320 && s.width() <= 480, "small width " + s.width());
      assertEquals(
          (double) c.height() / c.width(), (double) s.height() / s.width(), 0.01, "aspect kept");
    }
    assertEquals(new SizeProfile.CameraScaled(0.25), SizeProfile.parse("camera:0.25"));
    assertEquals(new SizeProfile.WidthRange(600, 900), SizeProfile.parse("width:600-900"));
    assertThrows(IllegalArgumentException.class, () -> SizeProfile.parse("huge"));
  }

  private static List<SynthDataset.Label> labels(SynthDataset data, int patients) {
    List<SynthDataset.Label> labels = new ArrayList<>();
    for (long p = 0; p < patients; p++) labels.addAll(data.labels(p));
    return labels;
  }
}
