package org.drgrade.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.drgrade.config.ConfigError;

/**
 * Reads a labels file ({@code image,level}) with univocity, the CSV parser Spark itself uses.
 * Tolerates what real exports contain: a UTF-8 byte-order mark, CRLF line ends, blank lines, extra
 * columns, columns in another order, the delimiter of a European spreadsheet ({@code ;}) or a tab
 * (univocity detects it), the column names other data sets use (APTOS {@code id_code,diagnosis},
 * IDRiD {@code Image name,Retinopathy grade}), and a missing header when the first row is plainly
 * data (then image and level are the first two columns and {@link Parsed#warnings()} says so). A
 * first line that is neither is a configuration error naming the file and what was found: reading
 * on would quarantine every image as LABEL_MISSING. So is a file with no rows at all (0 bytes, a
 * header only, blank lines only).
 */
public final class LabelsCsv {
  private static final Set<String> IMAGE_COLUMNS =
      Set.of("image", "id_code", "image name", "image_name", "image_id", "id");
  private static final Set<String> LEVEL_COLUMNS =
      Set.of("level", "diagnosis", "retinopathy grade", "dr_grade", "grade");
  private static final Pattern IMAGE_EXTENSION =
      Pattern.compile("\\.(jpe?g|png|tiff?|bmp|webp)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private LabelsCsv() {}

  public record Parsed(List<LabelRow> rows, List<String> warnings) {}

  public static Parsed read(InputStream in, String source) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setLineSeparatorDetectionEnabled(true);
    settings.detectFormatAutomatically(',', ';', '\t');
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
      if (first && record.length > 0 && record[0] != null) {
        record[0] = record[0].replace("\uFEFF", "");
      }
      if (isBlank(record)) {
        continue;
      }
      if (first) {
        first = false;
        int[] header = headerColumns(record);
        if (header != null) {
          imageCol = header[0];
          levelCol = header[1];
          continue;
        }
        if (!looksLikeData(record)) {
          char delimiter = parser.getDetectedFormat().getDelimiter();
          throw new ConfigError(
              String.format(
                  "labels file %s: first line %s (read as %d field(s) separated by %s) "
                      + "has no image and level columns and is not an image,level row",
                  source,
                  Arrays.toString(record),
                  record.length,
                  delimiter == '\t' ? "tab" : "'" + delimiter + "'"));
        }
        warnings.add(
            source
                + " has no header row 'image,level'; reading columns 1 and 2 as image and level");
      }
      String image = field(record, imageCol);
      String level = field(record, levelCol);
      rows.add(new LabelRow(IMAGE_EXTENSION.matcher(image).replaceFirst(""), level, source, line));
    }
    parser.stopParsing();
    if (rows.isEmpty()) {
      // Read on, every image would be quarantined LABEL_MISSING and the run would blame the images.
      throw new ConfigError(
          String.format(
              "labels file %s has no label rows (%s): check drgrade.ingest.labels",
              source,
              first ? "it is empty or holds only blank lines" : "a header and nothing else"));
    }
    return new Parsed(rows, warnings);
  }

  /** Column indexes of image and level if this row is a header, else null. */
  private static int[] headerColumns(String[] record) {
    int image = -1;
    int level = -1;
    for (int i = 0; i < record.length; i++) {
      String name = record[i] == null ? "" : record[i].trim().toLowerCase(Locale.ROOT);
      if (image < 0 && IMAGE_COLUMNS.contains(name)) {
        image = i;
      } else if (level < 0 && LEVEL_COLUMNS.contains(name)) {
        level = i;
      }
    }
    return image >= 0 && level >= 0 ? new int[] {image, level} : null;
  }

  /** A headerless first row: an image id, then an integer grade. */
  private static boolean looksLikeData(String[] record) {
    return record.length >= 2
        && !field(record, 0).isEmpty()
        && INTEGER.matcher(field(record, 1)).matches();
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
}
