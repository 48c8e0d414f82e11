package sharpsweep.driver.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import sharpsweep.driver.storage.Folder;

/** The summary table as Parquet ({@code summary/}, one file) next to {@code summary.csv}. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (SummaryColumns.Column c : SummaryColumns.COLUMNS) {
            fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
        }
        return DataTypes.createStructType(fields);
    }

    public static void write(SparkSession spark, List<GroupSummary> summaries, Folder dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (GroupSummary s : summaries) {
            Object[] values = new Object[SummaryColumns.COLUMNS.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = SummaryColumns.COLUMNS.get(i).value().apply(s);
                values[i] = v instanceof Double d && !Double.isFinite(d) ? null : v;
            }
            rows.add(RowFactory.create(values));
        }
        spark.createDataFrame(rows, schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(dir.resolve("summary").uri());
        dir.writeAtomically("summary.csv", SummaryColumns.csv(summaries));
    }

    private static DataType sparkType(SummaryColumns.Type t) {
        return switch (t) {
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case DOUBLES -> DataTypes.createArrayType(DataTypes.DoubleType);
            case INTS -> DataTypes.createArrayType(DataTypes.IntegerType);
        };
    }
}
