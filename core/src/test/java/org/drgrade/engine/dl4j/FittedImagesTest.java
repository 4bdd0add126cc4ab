package org.drgrade.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The driver's check of the images DL4J's masters fitted in an epoch. */
class FittedImagesTest {
  @Test
  void imagesInPartialMinibatchesMayBeLeftOutNoOthersAndNotAll() {
    // 42 images as 8, 8, 8, 8, 8 and 2: the 2 may be left out.
    assertDoesNotThrow(() -> Dl4jMasterTrainer.checkFitted("M", 42, 42, 2, 0));
    assertDoesNotThrow(() -> Dl4jMasterTrainer.checkFitted("M", 40, 42, 2, 0));
    assertThrows(
        IllegalStateException.class, () -> Dl4jMasterTrainer.checkFitted("M", 39, 42, 2, 0));
    // Two workers' 10 images each as one partial minibatch: all partial, yet none fitted stops.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Dl4jMasterTrainer.checkFitted("SharedTrainingMaster", 0, 20, 20, 1));
    assertTrue(e.getMessage().contains("SharedTrainingMaster fitted 0 of"), e.getMessage());
    assertTrue(e.getMessage().contains("20 images in epoch 2"), e.getMessage());
    assertDoesNotThrow(() -> Dl4jMasterTrainer.checkFitted("M", 0, 0, 0, 0));
  }
}
