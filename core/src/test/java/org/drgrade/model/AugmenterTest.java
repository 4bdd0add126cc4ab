package org.drgrade.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmenterTest {
  private static final int SOURCE = 128;
  private static final int CROP = 112;

  /** Value encodes its own position: channel*1e6 + y*1000 + x. */
  private static float[] positionImage() {
    float[] image = new float[3 * SOURCE * SOURCE];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SOURCE; y++) {
        for (int x = 0; x < SOURCE; x++) {
          image[(c * SOURCE + y) * SOURCE + x] = c * 1_000_000 + y * 1000 + x;
        }
      }
    }
    return image;
  }

  private static float at(float[] chw, int size, int c, int y, int x) {
    return chw[(c * size + y) * size + x];
  }

  private final Augmenter identity = new Augmenter(SOURCE, CROP, Standardisation.identity(3), 42);

  @Test
  void cropsTheRequestedWindowWithTrueFlips() {
    float[] image = positionImage();
    float[] plain = identity.apply(image, new CropView(5, 9, CROP, false, false));
    float[] mirrored = identity.apply(image, new CropView(5, 9, CROP, true, false));
    float[] upsideDown = identity.apply(image, new CropView(5, 9, CROP, false, true));
    float[] both = identity.apply(image, new CropView(5, 9, CROP, true, true));

    assertEquals(3 * CROP * CROP, plain.length);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < CROP; y += 7) {
        for (int x = 0; x < CROP; x += 5) {
          float expected = c * 1_000_000 + (y + 5) * 1000 + (x + 9);
          assertEquals(expected, at(plain, CROP, c, y, x));
          assertEquals(expected, at(mirrored, CROP, c, y, CROP - 1 - x));
          assertEquals(expected, at(upsideDown, CROP, c, CROP - 1 - y, x));
          assertEquals(expected, at(both, CROP, c, CROP - 1 - y, CROP - 1 - x));
        }
      }
    }
  }

  @Test
  void centreViewIsCentredAndUnflipped() {
    assertEquals(new CropView(8, 8, CROP, false, false), identity.centerView());
    assertEquals(8 * 1000 + 8, identity.center(positionImage())[0]);
  }

  @Test
  void randomViewsAreDeterministicPerImageAndRoundAndCoverAllChoices() {
    Augmenter same = new Augmenter(SOURCE, CROP, Standardisation.identity(3), 42);
    Augmenter otherSeed = new Augmenter(SOURCE, CROP, Standardisation.identity(3), 43);
    assertEquals(identity.randomView(17, 3), same.randomView(17, 3));
    assertArrayEquals(identity.random(positionImage(), 17, 3), same.random(positionImage(), 17, 3));

    Set<CropView> views = new HashSet<>();
    int horizontal = 0;
    int vertical = 0;
    int differsFromOtherSeed = 0;
    for (int round = 0; round < 400; round++) {
      CropView view = identity.randomView(5, round);
      views.add(view);
      horizontal += view.flipHorizontal() ? 1 : 0;
      vertical += view.flipVertical() ? 1 : 0;
      assertTrue(view.top() <= SOURCE - CROP && view.left() <= SOURCE - CROP);
      differsFromOtherSeed += view.equals(otherSeed.randomView(5, round)) ? 0 : 1;
    }
    assertTrue(views.size() > 300, "distinct views " + views.size());
    assertTrue(horizontal > 160 && horizontal < 240, "horizontal flips " + horizontal);
    assertTrue(vertical > 160 && vertical < 240, "vertical flips " + vertical);
    assertTrue(differsFromOtherSeed > 380);
    assertNotEquals(identity.randomView(5, 0), identity.randomView(6, 0));
  }

  @Test
  void standardisesEachChannel() {
    float[] mean = {10f, -3f, 0.5f};
    float[] std = {2f, 0.5f, 4f};
    Random random = new Random(1);
    float[] image = new float[3 * SOURCE * SOURCE];
    for (int i = 0; i < image.length; i++) {
      int c = i / (SOURCE * SOURCE);
      image[i] = (float) (mean[c] + std[c] * random.nextGaussian());
    }
    float[] out =
        new Augmenter(SOURCE, CROP, new Standardisation(mean, std), 1).random(image, 0, 0);
    int plane = CROP * CROP;
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double squares = 0;
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        sum += out[i];
        squares += out[i] * out[i];
      }
      double m = sum / plane;
      assertEquals(0, m, 0.03, "mean of channel " + c);
      assertEquals(1, Math.sqrt(squares / plane - m * m), 0.03, "std of channel " + c);
    }
  }

  @Test
  void rejectsMismatchedSizes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Augmenter(100, 112, Standardisation.identity(3), 1));
    assertThrows(IllegalArgumentException.class, () -> identity.center(new float[3 * 100 * 100]));
    assertThrows(
        IllegalArgumentException.class,
        () -> identity.apply(positionImage(), new CropView(20, 0, CROP, false, false)));
  }
}
