package org.drgrade.cli;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.PrintWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.drgrade.config.DrgradeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Print the first rows of any Parquet table drgrade writes (for people without Zeppelin).")
final class ShowCommand extends SparkCommand {
  enum Format {
    csv,
    json
  }

  @Parameters(
      index = "0",
      paramLabel = "TABLE_URI",
      description =
          "Table directory, e.g. out/run/ingest/quarantine or s3a://bucket/run/ingest/images.")
  String table;

  @Option(
      names = "--format",
      defaultValue = "csv",
      description = "csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description =
          "Rows to print (0 = all; a table of images can be large). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Override
  protected int execute(SparkSession spark, DrgradeConfig config) {
    Dataset<Row> df = spark.read().parquet(table);
    // Binary columns (encoded images) are shown by size: nobody wants PNG bytes on a terminal.
    for (StructField f : df.schema().fields()) {
      if (f.dataType() instanceof BinaryType) {
        df =
            df.withColumn(
                f.name(),
                functions.concat(
                    functions.length(functions.col(f.name())).cast("string"),
                    functions.lit(" bytes")));
      }
    }
    Dataset<Row> rows = limit > 0 ? df.limit(limit) : df;
    PrintWriter out = new PrintWriter(System.out, true);
    if (format == Format.json) {
      rows.toJSON().toLocalIterator().forEachRemaining(out::println);
    } else {
      CsvWriter writer = new CsvWriter(out, new CsvWriterSettings());
      writer.writeHeaders(df.columns());
      rows.toLocalIterator().forEachRemaining(r -> writer.writeRow(values(r)));
      writer.flush();
    }
    out.flush();
    return 0;
  }

  private static Object[] values(Row r) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? "" : r.get(i);
    }
    return v;
  }
}
