package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.analysis.GroupSummary;
import sharpsweep.driver.analysis.JdbcTable;
import sharpsweep.driver.analysis.SparkTable;
import sharpsweep.driver.analysis.Summaries;
import sharpsweep.driver.analysis.SummaryColumns;
import sharpsweep.driver.LocalSpark;

/**
 * {@code sharpsweep analyze} on a small real sweep: every output is there, the PNGs are pictures,
 * and the summary agrees with plain SQL over the raw table run by a second engine (DuckDB).
 */
class AnalyzeCommandTest {
    static final String CONFIG = """
            sweep: analyze-test
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2, 4]
            batch_size: [8, 16]
            learning_rate: [0.03, 0.015]
            init: [xavier, 0.1]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k4, kappa: 4}
            replicates: 2
            max_steps: 2000000
            trajectory_length: 16
            """;

    @TempDir
    static Path tmp;
    static Path table;
    static CliCapture analyze;

    @BeforeAll
    static void runAndAnalyze() throws IOException {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        table = tmp.resolve("table");
        CliCapture run = CliCapture.run("run", config.toString(), "--out", table.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        analyze = CliCapture.run("analyze", table.toString(), "--master", "local[2]");
        assertEquals(0, analyze.exitCode(), analyze.err());
    }

    @Test
    void writesTheSummaryAndEveryPlot() throws IOException {
        Path out = table.resolveSibling("table-analysis");
        List<String> header = List.of(Files.readAllLines(out.resolve("summary.csv")).get(0).split(","));
        assertTrue(header.containsAll(List.of("depth", "width", "noise_name", "noise_kappa", "n", "trace_mean",
                "trace_stderr", "trace_extrapolated", "trace_extrapolated_stderr", "lambda_max_mean", "trace_pred",
                "trace_min", "lambda_max_pred")), header.toString());
        assertTrue(header.containsAll(List.of("n_reached", "rhat", "certified", "lambda_max_extrapolated",
                "lambda_max_extrapolated_stderr", "trace_extrapolated_ci95", "extrapolation_dof",
                "extrapolation_p_value")), header.toString());
        // 2 depths x 2 widths x 2 inits x 2 noises = 16 groups, each with 2 x 2 (eta, b) cells, and 8 more
        // that pool the two inits.
        assertEquals(25, Files.readAllLines(out.resolve("summary.csv")).size());
        assertTrue(analyze.out().contains("24 groups from 128 rows"), analyze.out());
        for (String png : List.of("sharpness_vs_kappa.png", "relative_sharpness.png", "trajectory_trace.png",
                "trajectory_lambda_max.png", "invariance_width.png", "invariance_batch.png", "layer_condition.png",
                "trace_per_depth.png")) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png);
            assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 600, png);
            assertTrue(colours(image) > 8, png + " looks blank");
        }
        // Only the nonlinear models' trajectory chart has nothing to draw from a linear table.
        assertTrue(analyze.out().lines().filter(l -> l.contains("skipped"))
                .allMatch(l -> l.contains("progressive_sharpening")), analyze.out());
    }

    @Test
    void theReportPageHoldsTheSummaryEveryPlotAndWhereItCameFrom() throws IOException {
        Path out = table.resolveSibling("table-analysis");
        String page = Files.readString(out.resolve("report.html"));
        long pngs;
        try (var files = Files.list(out)) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).count();
        }
        assertEquals(pngs, page.split("<img ", -1).length - 1, "every plot, inline");
        assertTrue(page.contains("data:image/png;base64,") && !page.contains("src=\"http"), "self-contained");
        assertTrue(page.contains("<th>kernel version</th><td class=\"t\">" + sharpsweep.kernel.sgd.Kernel.VERSION),
                "kernel version");
        assertTrue(page.contains("<th>schema version</th><td class=\"t\">" + sharpsweep.driver.table.ResultSchema.SCHEMA_VERSION),
                "schema version");
        assertTrue(page.contains("sharpsweep analyze " + table), "the command");
        assertTrue(page.contains("<pre>sweep: analyze-test"), "the config");
        assertTrue(page.contains("Certified (") || page.contains("Not certified ("), "verdicts");
        // One table row per group (24), under the two headings.
        assertEquals(24, page.split("<tr class=\"no\">|<tr><td", -1).length - 1);
    }

    @Test
    void afterAnalyzeTheTableFolderStillHoldsOnlyTheTable() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            // DuckDB's recursive glob, the one a user reaches for first, sees the result rows and nothing else.
            ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + table + "/**/*.parquet')");
            assertTrue(rs.next());
            assertEquals(128, rs.getLong(1));
        }
    }

    @Test
    void summaryAgreesWithPlainSqlOverTheRawTable() throws SQLException {
        Map<String, double[]> sql = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            // The summary's means are over the rows whose verdict is reached.
            ResultSet rs = st.executeQuery("SELECT depth, width, init, noise_name, count(*) AS n,"
                    + " count(*) FILTER (WHERE equilibrium = 'reached') AS c,"
                    + " avg(trace_hessian) FILTER (WHERE equilibrium = 'reached') AS t,"
                    + " avg(lambda_max) FILTER (WHERE equilibrium = 'reached') AS l"
                    + " FROM read_parquet('" + table + "/*.parquet') GROUP BY ALL");
            while (rs.next()) {
                sql.put(rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getString(3) + "/" + rs.getString(4),
                        new double[] {rs.getLong(5), rs.getDouble(7), rs.getDouble(8), rs.getLong(6)});
            }
            ResultSet summary = st.executeQuery("SELECT depth, width, init, noise_name, n, trace_mean, lambda_max_mean,"
                    + " trace_extrapolated, extrapolation, trace_extrapolated_stderr, trace_pred, n_reached"
                    + " FROM read_parquet('" + table + "-analysis/summary/*.parquet') WHERE init NOT LIKE '%+%'");
            int groups = 0;
            while (summary.next()) {
                double[] expected = sql.get(summary.getInt(1) + "/" + summary.getInt(2) + "/" + summary.getString(3)
                        + "/" + summary.getString(4));
                assertNotNull(expected);
                assertEquals(expected[0], summary.getInt(5));
                assertEquals(expected[3], summary.getInt(12));
                if (expected[3] < expected[0]) {
                    continue; // a cell lost a row: the fit is not over the design below
                }
                // Two summation orders of the same few doubles: agreement to ~1e-15 relative.
                assertEquals(expected[1], summary.getDouble(6), 1e-12 * expected[1]);
                assertEquals(expected[2], summary.getDouble(7), 1e-12 * expected[2]);
                assertEquals("eta+eta/b", summary.getString(9));
                // Physics: T(0) lands on T* within 4 standard errors, plus 1 % for what a model linear in
                // (eta, eta/b) leaves at eta * lambda*_max <= 0.4 (docs/DESIGN.md §3: 0.4 % on its case).
                double t0 = summary.getDouble(8);
                double tStar = summary.getDouble(11);
                assertTrue(Math.abs(t0 - tStar) <= 4 * summary.getDouble(10) + 0.01 * tStar,
                        "T(0) " + t0 + " +- " + summary.getDouble(10) + " vs T* " + tStar);
                groups++;
            }
            assertTrue(groups >= 12, groups + " of 16 groups with every row reached");
        }
    }

    @Test
    void duckDbAndSparkReadersGiveTheSameSummary() throws Exception {
        List<GroupSummary> viaSpark;
        var spark = LocalSpark.start("analyze-test");
        try {
            viaSpark = Summaries.of(new SparkTable(spark, table).measurements());
        } finally {
            spark.stop();
        }
        List<GroupSummary> viaDuckDb;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            viaDuckDb = Summaries.of(new JdbcTable(db, table).measurements());
        }
        assertEquals(viaSpark.size(), viaDuckDb.size());
        for (int i = 0; i < viaSpark.size(); i++) {
            GroupSummary a = viaSpark.get(i);
            GroupSummary b = viaDuckDb.get(i);
            assertEquals(a.key(), b.key());
            assertEquals(a.fit().intercept(), b.fit().intercept(), 1e-12 * Math.abs(a.fit().intercept()));
            assertEquals(a.traceMean(), b.traceMean(), 1e-12 * a.traceMean());
        }
        assertTrue(SummaryColumns.COLUMN_NAMES.contains("trace_extrapolated_stderr"));
    }

    @Test
    void badFoldersAreRejectedByName() throws IOException {
        CliCapture missing = CliCapture.run("analyze", tmp.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("nope") && missing.err().contains("no such folder"), missing.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliCapture none = CliCapture.run("analyze", empty.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no result rows"), none.err());
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
