package org.drgrade.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.drgrade.config.ConfigError;
import org.junit.jupiter.api.Test;

class LabelsTest {
  private static LabelsCsv.Parsed parse(String text) {
    return LabelsCsv.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "labels.csv");
  }

  @Test
  void toleratesBomCrlfBlankLinesExtraColumnsAndReorderedHeader() {
    LabelsCsv.Parsed p =
        parse("\uFEFFimage,level,comment\r\n10_left,0,ok\r\n\r\n10_right.jpeg,2,x\r\n");
    assertEquals(List.of("10_left", "10_right"), p.rows().stream().map(LabelRow::image).toList());
    assertEquals(List.of("0", "2"), p.rows().stream().map(LabelRow::rawLevel).toList());
    assertTrue(p.warnings().isEmpty());
    assertEquals(4, p.rows().get(1).line());

    LabelsCsv.Parsed reordered = parse("level,image\n3,7_left\n");
    assertEquals("7_left", reordered.rows().get(0).image());
    assertEquals("3", reordered.rows().get(0).rawLevel());
  }

  @Test
  void missingHeaderIsReadAsDataWithAWarning() {
    LabelsCsv.Parsed p = parse("10_left,1\n10_right,1\n");
    assertEquals(2, p.rows().size());
    assertEquals(1, p.warnings().size());
  }

  @Test
  void detectsSemicolonAndTabDelimitersAndOtherDataSetsColumnNames() {
    LabelsCsv.Parsed semicolon = parse("image;level\r\n10_left;3\r\n10_right;1\r\n");
    assertEquals(
        List.of("10_left:3", "10_right:1"),
        semicolon.rows().stream().map(r -> r.image() + ":" + r.rawLevel()).toList());
    assertTrue(semicolon.warnings().isEmpty(), semicolon.warnings().toString());
    LabelsCsv.Parsed tab = parse("camera\timage\tlevel\nx\t7_left\t2\n");
    assertEquals("7_left:2", tab.rows().get(0).image() + ":" + tab.rows().get(0).rawLevel());
    LabelsCsv.Parsed aptos = parse("id_code,diagnosis\n04e1b77ef107,4\n");
    assertEquals(
        "04e1b77ef107:4", aptos.rows().get(0).image() + ":" + aptos.rows().get(0).rawLevel());
    LabelsCsv.Parsed idrid =
        parse("Image name,Retinopathy grade,Risk of macular edema \nIDRiD_001.jpg,3,2\n");
    assertEquals("IDRiD_001:3", idrid.rows().get(0).image() + ":" + idrid.rows().get(0).rawLevel());
  }

  @Test
  void aFileWithNoRowsIsAConfigurationErrorNamingTheFile() {
    assertTrue(
        assertThrows(ConfigError.class, () -> parse(""))
            .getMessage()
            .equals(
                "labels file labels.csv has no label rows (it is empty or holds only blank lines):"
                    + " check drgrade.ingest.labels"));
    assertTrue(
        assertThrows(ConfigError.class, () -> parse("image,level\r\n\r\n"))
            .getMessage()
            .contains("(a header and nothing else)"));
    assertThrows(ConfigError.class, () -> parse("\n \n\t\n"));
  }

  @Test
  void aHeaderThatMatchesNothingIsAConfigurationErrorNamingTheFile() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> parse("name;grade_of_dr;eye\n10_left;2;L\n"));
    assertTrue(
        e.getMessage().startsWith("labels file labels.csv: first line [name, grade_of_dr, eye]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("separated by ';'"), e.getMessage());
    assertThrows(ConfigError.class, () -> parse("patient notes\nnothing here\n"));
  }

  @Test
  void decisionsNameTheReasonAndTheRow() {
    List<LabelRow> rows =
        parse(
                "image,level\n1_left,0\n1_right,-1\n2_left,5\n2_right,2.5\n3_left,abc\n"
                    + "3_right,4\n3_right,4\n4_left,1\n4_left,2\n")
            .rows();
    Map<String, LabelDecision> d =
        LabelDecision.decideAll(rows).stream()
            .collect(Collectors.toMap(LabelDecision::image, Function.identity()));
    assertEquals(0, d.get("1_left").level());
    assertEquals(QuarantineReason.LABEL_OUT_OF_RANGE, d.get("1_right").reason());
    assertEquals(QuarantineReason.LABEL_OUT_OF_RANGE, d.get("2_left").reason());
    assertEquals(QuarantineReason.LABEL_INVALID, d.get("2_right").reason());
    assertTrue(
        d.get("3_left").detail().contains("'abc' at labels.csv:6"), d.get("3_left").detail());
    assertEquals(4, d.get("3_right").level());
    assertEquals(1, d.get("3_right").duplicateRows());
    assertEquals(QuarantineReason.LABEL_CONFLICT, d.get("4_left").reason());
    assertNull(d.get("4_left").level());
  }
}
