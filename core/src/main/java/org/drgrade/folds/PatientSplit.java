package org.drgrade.folds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.drgrade.grading.Split;

/**
 * Train/validation split by patient, so both eyes of a patient are on the same side (their grades
 * agree 87 % of the time: splitting eyes would leak the answer into validation). Stratified by the
 * patient's worse grade so rare grades 3-4 appear on both sides; seeded and order-independent.
 */
public final class PatientSplit {
  public static final String TRAIN = Split.TRAIN.label();
  public static final String VALIDATION = Split.VALIDATION.label();

  private PatientSplit() {}

  /** A patient and the worse (higher) grade of their eyes. */
  public record Patient(String id, int worseGrade) {}

  /** patient id -> TRAIN or VALIDATION. */
  public static Map<String, String> assign(
      List<Patient> patients, double validationFraction, long seed) {
    Map<Integer, List<Patient>> byGrade = new TreeMap<>();
    for (Patient p : patients) {
      byGrade.computeIfAbsent(p.worseGrade(), g -> new ArrayList<>()).add(p);
    }
    Map<String, String> out = new TreeMap<>();
    byGrade.forEach(
        (grade, group) -> {
          // Sorting first makes the result independent of the order the patients arrived in.
          group.sort(Comparator.comparing(Patient::id));
          SplittableRandom random = new SplittableRandom(seed * 31 + grade);
          for (int i = group.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Patient t = group.get(i);
            group.set(i, group.get(j));
            group.set(j, t);
          }
          long validation = Math.round(validationFraction * group.size());
          for (int i = 0; i < group.size(); i++) {
            out.put(group.get(i).id(), i < validation ? VALIDATION : TRAIN);
          }
        });
    return out;
  }
}
