package sharpsweep.driver.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.SparkRead;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

/** Reads a result folder with Spark SQL into the analysis records. */
public final class SparkTable {
    private final SparkSession spark;

    /** Registers the table of {@code dir} as the view {@code results}. */
    public SparkTable(SparkSession spark, java.nio.file.Path dir) throws IOException {
        this(spark, Folder.of(dir));
    }

    /** Registers the table of {@code dir} as the view {@code results}. */
    public SparkTable(SparkSession spark, Folder dir) throws IOException {
        this(spark, dir, TableReader.scan(dir));
    }

    /** The same, from a scan the caller already made of {@code dir}. */
    public SparkTable(SparkSession spark, Folder dir, TableScan scan) {
        this.spark = spark;
        SparkRead.results(spark, dir, scan).createOrReplaceTempView("results");
    }

    public List<Measurement> measurements() {
        Dataset<Row> rows = spark.sql("SELECT " + select() + " FROM results");
        List<Measurement> out = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            out.add(new RowColumns(r).measurement());
        }
        return out;
    }

    /** Replicate 0 of every linear grid point (enough for its plots, and light); every nonlinear run (averaged). */
    public List<Trajectory> trajectories() {
        Dataset<Row> rows = spark.sql("SELECT " + select()
                + ", trajectory.step AS t_step, trajectory.trace_hessian AS t_trace,"
                + " trajectory.lambda_max AS t_lambda FROM results WHERE replicate = 0 OR model <> 'linear'");
        List<Trajectory> out = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            out.add(new RowColumns(r).trajectory());
        }
        return out;
    }

    /** The measurement columns this table has; NULL for those of a newer schema. */
    private String select() {
        return Columns.selectList(java.util.Arrays.asList(spark.table("results").columns()));
    }

    /** A Spark row seen through {@link Columns}. */
    private record RowColumns(Row row) implements Columns {
        @Override
        public String string(String column) {
            String s = row.getAs(column);
            return s == null ? "" : s;
        }

        @Override
        public int integer(String column) {
            Integer v = row.getAs(column);
            return v == null ? 0 : v;
        }

        @Override
        public long longValue(String column) {
            return row.<Long>getAs(column);
        }

        @Override
        public double real(String column) {
            Double v = row.getAs(column);
            return v == null ? Double.NaN : v;
        }

        @Override
        public double[] reals(String column) {
            List<Object> list = row.getList(row.fieldIndex(column));
            if (list == null) {
                return new double[0];
            }
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i) == null ? Double.NaN : ((Number) list.get(i)).doubleValue();
            }
            return out;
        }

        @Override
        public long[] longs(String column) {
            List<Object> list = row.getList(row.fieldIndex(column));
            return list == null ? new long[0] : list.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
        }
    }
}
