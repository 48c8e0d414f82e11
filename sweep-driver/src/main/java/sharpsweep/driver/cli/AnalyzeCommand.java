package sharpsweep.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.analysis.GroupSummary;
import sharpsweep.driver.analysis.Plots;
import sharpsweep.driver.analysis.SparkTable;
import sharpsweep.driver.analysis.Summaries;
import sharpsweep.driver.analysis.SummaryColumns;
import sharpsweep.driver.analysis.SummaryTable;
import sharpsweep.driver.analysis.Trajectory;
import sharpsweep.driver.run.SparkSessions;
import sharpsweep.driver.run.UsageException;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

@Command(name = "analyze", description = "Summary per group (mean, eta/b -> 0 extrapolation, theory) and the paper's"
        + " plots, from a result table alone.")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "result folder (the Parquet table)")
    Path dir;

    @Option(names = "--out", paramLabel = "DIR", description = "where summary.csv, summary/ and the PNGs go"
            + " (default: DIR/analysis)")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("DIR " + dir + ": no such folder");
        }
        TableScan scan = TableReader.scan(dir);
        for (String bad : scan.corrupt()) {
            System.err.println("warning: skipping unreadable file " + bad);
        }
        if (scan.rows() == 0) {
            throw new UsageException("DIR " + dir + ": no result rows (no readable *.parquet files)");
        }
        Path target = out != null ? out : dir.resolve("analysis");
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UsageException("--out " + target + ": exists and is not a folder");
        }
        // Charts are drawn off-screen: no display on a cluster node or in CI.
        System.setProperty("java.awt.headless", "true");
        SparkSession spark = SparkSessions.start("sharpsweep analyze " + dir.getFileName(), master, false);
        try {
            SparkTable table = new SparkTable(spark, dir, scan);
            List<GroupSummary> summaries = Summaries.of(table.measurements());
            List<Trajectory> trajectories = table.trajectories();
            SummaryTable.write(spark, summaries, target);
            SummaryColumns.print(summaries, System.out);
            System.out.println();
            System.out.println("summary: " + target.resolve("summary.csv") + " and " + target.resolve("summary")
                    + " (Parquet), " + summaries.size() + " groups from " + scan.rows() + " rows");
            List<Plots.Chart> charts = Plots.all(summaries, trajectories);
            for (Plots.Chart c : charts) {
                if (c.chart() == null) {
                    System.out.println("plot " + c.file() + ": skipped, " + c.missing());
                }
            }
            for (Path file : Plots.write(charts, target)) {
                System.out.println("plot " + file);
            }
        } finally {
            spark.stop();
        }
        return Main.OK;
    }
}
