package org.drgrade.folds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Patient-level K-fold assignment: a fold holds whole patients, never one eye of a patient, since
 * the eyes' grades agree 87 % of the time and a split patient would leak the held-out eye's answer
 * into training. Seeded and independent of the order patients arrive in; fold sizes differ by at
 * most one patient.
 */
public final class PatientFolds {
  private PatientFolds() {}

  /** patient id -> fold in 0..folds-1. */
  public static Map<String, Integer> assign(Collection<String> patients, int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    // Sorting and de-duplicating first makes the shuffle depend on the ids alone.
    List<String> ids = new ArrayList<>(new TreeSet<>(patients));
    if (ids.size() < folds) {
      throw new IllegalArgumentException(ids.size() + " patients cannot fill " + folds + " folds");
    }
    shuffle(ids, new SplittableRandom(seed));
    Map<String, Integer> fold = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      fold.put(ids.get(i), i % folds);
    }
    return fold;
  }

  /**
   * patient id -> fold in 0..folds-1, stratified by each patient's worse grade: the patients of
   * each grade are shuffled and dealt round the folds in turn, continuing where the previous grade
   * stopped, so every fold holds about 1/folds of each grade (a fold without grade-4 patients would
   * make its kappa incomparable with the others') and fold sizes differ by at most one.
   */
  public static Map<String, Integer> stratified(
      Map<String, Integer> worseGrade, int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    if (worseGrade.size() < folds) {
      throw new IllegalArgumentException(
          worseGrade.size() + " patients cannot fill " + folds + " folds");
    }
    Map<Integer, List<String>> byGrade = new java.util.TreeMap<>();
    for (String patient : new TreeSet<>(worseGrade.keySet())) {
      byGrade.computeIfAbsent(worseGrade.get(patient), g -> new ArrayList<>()).add(patient);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> fold = new HashMap<>();
    int next = 0;
    for (List<String> ids : byGrade.values()) {
      shuffle(ids, random);
      for (String id : ids) {
        fold.put(id, next);
        next = (next + 1) % folds;
      }
    }
    return fold;
  }

  /** Fisher-Yates, so the order depends on the seed alone. */
  private static void shuffle(List<String> ids, SplittableRandom random) {
    for (int i = ids.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, t);
    }
  }
}
