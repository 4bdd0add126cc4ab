package org.drgrade.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.drgrade.ingest.LabelRow;
import org.drgrade.ingest.LabelsCsv;
import org.junit.jupiter.api.Test;

class SubmissionScoreTest {
  private static List<LabelRow> csv(String text) {
    return LabelsCsv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "x.csv")
        .rows();
  }

  @Test
  void scoresLikeTheLeaderboardAndReportsWhatItCannotScore() {
    var labels =
        csv("image,level\n1_left,0\n1_right,0\n2_left,1\n2_right,4\n3_left,4\n3_right,2\n");
    var perfect = SubmissionScore.of(labels, labels);
    assertEquals(1.0, perfect.kappa().value(), 1e-12);
    assertEquals(6, perfect.scored());

    // Truth [0,0,1,4,4] vs [0,1,1,4,1] is docs/method.md's missing-class case: 42/67 over the 5
    // fixed grades.
    var missingClass =
        SubmissionScore.of(
            csv("image,level\na,0\nb,0\nc,1\nd,4\ne,4\n"),
            csv("image,level\na,0\nb,1\nc,1\nd,4\ne,1\n"));
    assertEquals(42.0 / 67.0, missingClass.kappa().value(), 1e-12);

    var partial =
        SubmissionScore.of(labels, csv("image,level\n1_left,0\n2_left,1\n9_left,3\n3_left,x\n"));
    assertEquals(2, partial.scored());
    assertEquals(
        List.of("1_right", "2_right", "3_left", "3_right"), partial.missingFromSubmission());
    assertEquals(List.of("9_left"), partial.notInLabels());
    assertEquals(1, partial.invalidRows().size());
    assertTrue(
        partial.text().contains("4 labelled images missing from the submission"), partial.text());
  }

  @Test
  void oneGradeEverywhereIsUndefinedNotNaN() {
    var s = SubmissionScore.of(csv("image,level\na,2\nb,2\n"), csv("image,level\na,2\nb,2\n"));
    assertFalse(s.kappa().defined());
    assertTrue(s.text().contains("kappa undefined"), s.text());
  }
}
