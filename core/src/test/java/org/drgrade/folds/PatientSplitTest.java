package org.drgrade.folds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.drgrade.Side;
import org.drgrade.synth.GradePair;
import org.drgrade.synth.SizeProfile;
import org.drgrade.synth.SynthDataset;
import org.junit.jupiter.api.Test;

class PatientSplitTest {
  private static List<PatientSplit.Patient> patients(int n) {
    SynthDataset ds = new SynthDataset(3, SizeProfile.parse("small"));
    List<PatientSplit.Patient> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      GradePair g = ds.grades(i);
      out.add(
          new PatientSplit.Patient(
              String.valueOf(ds.patientId(i)), Math.max(g.of(Side.LEFT), g.of(Side.RIGHT))));
    }
    return out;
  }

  @Test
  void stratifiedByWorseGradeWithinOnePatientPerGrade() {
    List<PatientSplit.Patient> all = patients(3000);
    Map<String, String> split = PatientSplit.assign(all, 0.2, 7);
    assertEquals(all.size(), split.size(), "every patient on exactly one side");
    for (int grade = 0; grade <= 4; grade++) {
      int g = grade;
      long n = all.stream().filter(p -> p.worseGrade() == g).count();
      long val =
          all.stream()
              .filter(p -> p.worseGrade() == g && split.get(p.id()).equals(PatientSplit.VALIDATION))
              .count();
      assertTrue(Math.abs(val - 0.2 * n) <= 1, "grade " + grade + ": " + val + " of " + n);
    }
  }

  @Test
  void seededAndIndependentOfInputOrder() {
    List<PatientSplit.Patient> all = patients(500);
    List<PatientSplit.Patient> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new java.util.Random(1));
    assertEquals(PatientSplit.assign(all, 0.25, 9), PatientSplit.assign(shuffled, 0.25, 9));
    assertTrue(!PatientSplit.assign(all, 0.25, 9).equals(PatientSplit.assign(all, 0.25, 10)));
  }
}
