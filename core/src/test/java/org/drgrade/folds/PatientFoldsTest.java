package org.drgrade.folds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PatientFoldsTest {

  /** One entry per eye, as eye-level rows would list them: both eyes must share a fold. */
  private static List<String> eyeRows(int patients) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      rows.add("patient" + i);
      rows.add("patient" + i);
    }
    return rows;
  }

  @Test
  void everyPatientGetsOneFoldAndFoldsAreBalanced() {
    Map<String, Integer> folds = PatientFolds.assign(eyeRows(103), 5, 7);
    assertEquals(103, folds.size());
    Map<Integer, Integer> sizes = new TreeMap<>();
    folds.values().forEach(f -> sizes.merge(f, 1, Integer::sum));
    assertEquals(List.of(0, 1, 2, 3, 4), List.copyOf(sizes.keySet()));
    int min = Collections.min(sizes.values());
    int max = Collections.max(sizes.values());
    assertTrue(max - min <= 1, "fold sizes " + sizes);
  }

  @Test
  void dependsOnSeedNotOnArrivalOrder() {
    List<String> rows = eyeRows(60);
    Map<String, Integer> folds = PatientFolds.assign(rows, 4, 9);
    // Shuffled lists, a reversed list, and sets of the same patients inserted in other orders.
    for (long seed = 0; seed < 3; seed++) {
      List<String> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, new java.util.Random(seed));
      assertEquals(folds, PatientFolds.assign(shuffled, 4, 9), "shuffle " + seed);
      assertEquals(folds, PatientFolds.assign(new LinkedHashSet<>(shuffled), 4, 9));
    }
    List<String> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);
    assertEquals(folds, PatientFolds.assign(reversed, 4, 9));
    assertEquals(folds, PatientFolds.assign(new HashSet<>(rows), 4, 9));
    assertNotEquals(PatientFolds.assign(rows, 4, 9), PatientFolds.assign(rows, 4, 10));
  }

  @Test
  void refusesFoldsItCannotFill() {
    assertThrows(IllegalArgumentException.class, () -> PatientFolds.assign(eyeRows(3), 5, 1));
    assertThrows(IllegalArgumentException.class, () -> PatientFolds.assign(eyeRows(30), 1, 1));
  }

  @Test
  void stratifiedFoldsShareOutEachWorseGradeEvenly() {
    Map<String, Integer> worse = new TreeMap<>();
    int[] perGrade = {41, 23, 17, 9, 6};
    for (int g = 0; g < perGrade.length; g++) {
      for (int i = 0; i < perGrade[g]; i++) {
        worse.put("g" + g + "p" + i, g);
      }
    }
    Map<String, Integer> folds = PatientFolds.stratified(worse, 5, 3);
    assertEquals(worse.keySet(), folds.keySet());
    Map<Integer, Integer> sizes = new TreeMap<>();
    folds.values().forEach(f -> sizes.merge(f, 1, Integer::sum));
    assertTrue(Collections.max(sizes.values()) - Collections.min(sizes.values()) <= 1, "" + sizes);
    for (int g = 0; g < perGrade.length; g++) {
      int[] count = new int[5];
      for (var e : folds.entrySet()) {
        if (worse.get(e.getKey()) == g) {
          count[e.getValue()]++;
        }
      }
      int min = java.util.Arrays.stream(count).min().getAsInt();
      int max = java.util.Arrays.stream(count).max().getAsInt();
      assertTrue(max - min <= 1, "grade " + g + " per fold " + java.util.Arrays.toString(count));
    }
    // The same patients handed over in other orders (a TreeMap is already sorted, so it would not
    // show an order dependence): shuffled insertion orders and a HashMap.
    for (long shuffle = 0; shuffle < 3; shuffle++) {
      List<String> ids = new ArrayList<>(worse.keySet());
      Collections.shuffle(ids, new java.util.Random(shuffle));
      Map<String, Integer> reordered = new LinkedHashMap<>();
      ids.forEach(id -> reordered.put(id, worse.get(id)));
      assertNotEquals(List.copyOf(worse.keySet()), List.copyOf(reordered.keySet()));
      assertEquals(folds, PatientFolds.stratified(reordered, 5, 3), "insertion order " + shuffle);
    }
    assertEquals(folds, PatientFolds.stratified(new HashMap<>(worse), 5, 3));
    assertNotEquals(folds, PatientFolds.stratified(worse, 5, 4));
    assertThrows(
        IllegalArgumentException.class, () -> PatientFolds.stratified(Map.of("a", 0), 2, 1));
  }
}
