package org.drgrade.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Kaggle-style labels file ({@code image,level}) with univocity, the CSV parser Spark itself
 * uses. Tolerates what real exports contain: a UTF-8 byte-order mark, CRLF line ends, blank lines,
 * extra columns, columns in another order, and a missing header (then image and level are taken
 * as the first two columns, and {@link Parsed#warnings()} says so).
 */
public final class LabelsCsv {
  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpeg", ".jpg", ".png");

  private LabelsCsv() {}

  public record Parsed(List<LabelRow> rows, List<String> warnings) {}

  public static Parsed read(InputStream in, String source) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setSkipEmptyLines(true);
    settings.setNullValue("");
    settings.setEmptyValue("");
    CsvParser parser = new CsvParser(settings);
    parser.beginParsing(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<LabelRow> rows = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int imageCol = 0;
    int levelCol = 1;
    boolean first = true;
    String[] record;
    while ((record = parser.parseNext()) != null) {
      long line = parser.getContext().currentLine();
      if (first) {
        first = false;
        if (record.length > 0) {
          record[0] = record[0].replace("\uFEFF", "");
        }
        int[] header = headerColumns(record);
        if (header != null) {
          imageCol = header[0];
          levelCol = header[1];
          continue;
        }
        warnings.add(source + " has no header row 'image,level'; reading columns 1 and 2 as image and level");
      }
      if (isBlank(record)) {
        continue;
      }
      String image = field(record, imageCol);
      String level = field(record, levelCol);
      rows.add(new LabelRow(stripImageExtension(image), level, source, line));
    }
    parser.stopParsing();
    return new Parsed(rows, warnings);
  }

  /** Column indexes of image and level if this row is a header, else null. */
  private static int[] headerColumns(String[] record) {
    int image = -1;
    int level = -1;
    for (int i = 0; i < record.length; i++) {
      String name = record[i] == null ? "" : record[i].trim().toLowerCase(Locale.ROOT);
      if (name.equals("image")) {
        image = i;
      } else if (name.equals("level")) {
        level = i;
      }
    }
    return image >= 0 && level >= 0 ? new int[] {image, level} : null;
  }

  private static boolean isBlank(String[] record) {
    for (String f : record) {
      if (f != null && !f.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static String field(String[] record, int col) {
    return col < record.length && record[col] != null ? record[col].trim() : "";
  }

  private static String stripImageExtension(String image) {
    String lower = image.toLowerCase(Locale.ROOT);
    for (String ext : IMAGE_EXTENSIONS) {
      if (lower.endsWith(ext)) {
        return image.substring(0, image.length() - ext.length());
      }
    }
    return image;
  }
}
