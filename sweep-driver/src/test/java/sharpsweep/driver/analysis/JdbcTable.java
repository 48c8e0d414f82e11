package sharpsweep.driver.analysis;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a result folder through JDBC with DuckDB's SQL (the notebooks' path: no Spark needed).
 * The caller brings the connection, e.g. {@code DriverManager.getConnection("jdbc:duckdb:")}.
 */
public final class JdbcTable {
    private final Connection connection;
    private final String source;

    public JdbcTable(Connection connection, java.nio.file.Path dir) {
        this.connection = connection;
        // Only the table's own files: _sharpsweep/ holds metadata, not Parquet.
        this.source = "read_parquet('" + dir.toAbsolutePath().toString().replace("'", "''") + "/*.parquet')";
    }

    public List<Measurement> measurements() throws SQLException {
        List<Measurement> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + select() + " FROM " + source)) {
            Columns c = new ResultSetColumns(rs);
            while (rs.next()) {
                out.add(c.measurement());
            }
        }
        return out;
    }

    public List<Trajectory> trajectories() throws SQLException {
        List<Trajectory> out = new ArrayList<>();
        String sql = "SELECT " + select()
                + ", list_transform(trajectory, p -> p.step) AS t_step,"
                + " list_transform(trajectory, p -> p.trace_hessian) AS t_trace,"
                + " list_transform(trajectory, p -> p.lambda_max) AS t_lambda FROM " + source
                + " WHERE replicate = 0 OR model <> 'linear'";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            Columns c = new ResultSetColumns(rs);
            while (rs.next()) {
                out.add(c.trajectory());
            }
        }
        return out;
    }

    /** The measurement columns this table has; NULL for those of a newer schema. */
    private String select() throws SQLException {
        List<String> present = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        return Columns.selectList(present).replace("AS STRING", "AS VARCHAR");
    }

    /** The current row of a result set seen through {@link Columns}. */
    private record ResultSetColumns(ResultSet rs) implements Columns {
        @Override
        public String string(String column) {
            return call(() -> {
                String s = rs.getString(column);
                return s == null ? "" : s;
            });
        }

        @Override
        public int integer(String column) {
            return call(() -> rs.getInt(column));
        }

        @Override
        public long longValue(String column) {
            return call(() -> rs.getLong(column));
        }

        @Override
        public double real(String column) {
            return call(() -> {
                double v = rs.getDouble(column);
                return rs.wasNull() ? Double.NaN : v;
            });
        }

        @Override
        public double[] reals(String column) {
            Object[] a = array(column);
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] == null ? Double.NaN : ((Number) a[i]).doubleValue();
            }
            return out;
        }

        @Override
        public long[] longs(String column) {
            Object[] a = array(column);
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = ((Number) a[i]).longValue();
            }
            return out;
        }

        private Object[] array(String column) {
            return call(() -> {
                Array a = rs.getArray(column);
                return a == null ? new Object[0] : (Object[]) a.getArray();
            });
        }

        private interface SqlCall<T> {
            T get() throws SQLException;
        }

        private static <T> T call(SqlCall<T> c) {
            try {
                return c.get();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
