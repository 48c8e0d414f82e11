package sharpsweep.driver.table;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sharpsweep.driver.storage.Folder;

/**
 * The result table as a Spark DataFrame: exactly the top-level data files of the folder that
 * {@link TableReader} can read. Naming the files, rather than the folder, keeps anything else in
 * it (a corrupt file, or the {@code analysis/} subfolder older versions wrote) out of the table.
 */
public final class SparkRead {
    private SparkRead() {
    }

    public static Dataset<Row> results(SparkSession spark, Folder dir) throws IOException {
        return results(spark, dir, TableReader.scan(dir));
    }

    /** The same, from a scan the caller already made of {@code dir}. */
    public static Dataset<Row> results(SparkSession spark, Folder dir, TableScan scan) {
        // scan.files() holds only the files that read cleanly.
        List<String> good = scan.files().stream().map(f -> dir.resolve(f).uri()).toList();
        if (good.isEmpty()) {
            return spark.createDataFrame(List.of(), ResultSchema.SCHEMA);
        }
        return spark.read().schema(ResultSchema.SCHEMA).parquet(good.toArray(String[]::new));
    }
}
