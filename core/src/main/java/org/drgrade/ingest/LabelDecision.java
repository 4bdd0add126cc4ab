package org.drgrade.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the label rows say about one image: a grade, or why there is none. Rules: every row for an
 * image must be a valid grade 0-4 (the first invalid row decides the reason); valid rows that
 * disagree are a conflict (nobody can say which is right, so the image is quarantined); identical
 * repeated rows are accepted and counted as duplicates.
 */
public record LabelDecision(
    String image,
    Integer level,
    QuarantineReason reason,
    String detail,
    int duplicateRows,
    String origin) {

  public boolean ok() {
    return reason == null;
  }

  /** Decides every image named in the rows; order follows first appearance. */
  public static List<LabelDecision> decideAll(List<LabelRow> rows) {
    Map<String, List<LabelRow>> byImage = new LinkedHashMap<>();
    for (LabelRow row : rows) {
      byImage.computeIfAbsent(row.image(), k -> new ArrayList<>()).add(row);
    }
    List<LabelDecision> out = new ArrayList<>(byImage.size());
    byImage.forEach((image, group) -> out.add(decide(image, group)));
    return out;
  }

  static LabelDecision decide(String image, List<LabelRow> group) {
    String origin = group.get(0).origin();
    TreeSet<Integer> levels = new TreeSet<>();
    for (LabelRow row : group) {
      Integer level = parseInteger(row.rawLevel());
      if (level == null) {
        return new LabelDecision(
            image,
            null,
            QuarantineReason.LABEL_INVALID,
            "level '" + row.rawLevel() + "' at " + row.origin() + " is not an integer",
            0,
            origin);
      }
      if (level < 0 || level > 4) {
        return new LabelDecision(
            image,
            null,
            QuarantineReason.LABEL_OUT_OF_RANGE,
            "level " + level + " at " + row.origin() + " is outside 0-4",
            0,
            origin);
      }
      levels.add(level);
    }
    if (levels.size() > 1) {
      List<String> origins = group.stream().map(r -> r.rawLevel() + " at " + r.origin()).toList();
      return new LabelDecision(
          image,
          null,
          QuarantineReason.LABEL_CONFLICT,
          "levels " + String.join(", ", origins),
          0,
          origin);
    }
    return new LabelDecision(image, levels.first(), null, null, group.size() - 1, origin);
  }

  private static Integer parseInteger(String raw) {
    if (raw == null || !raw.matches("[+-]?\\d{1,9}")) {
      return null;
    }
    return Integer.parseInt(raw);
  }
}
