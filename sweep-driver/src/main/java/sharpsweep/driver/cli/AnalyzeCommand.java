package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.analysis.GroupSummary;
import sharpsweep.driver.analysis.Plots;
import sharpsweep.driver.analysis.Report;
import sharpsweep.driver.analysis.SparkTable;
import sharpsweep.driver.analysis.Summaries;
import sharpsweep.driver.analysis.SummaryColumns;
import sharpsweep.driver.analysis.SummaryTable;
import sharpsweep.driver.analysis.TheoryCurves;
import sharpsweep.driver.analysis.Trajectory;
import sharpsweep.driver.run.OutputFolder;
import sharpsweep.driver.run.SparkSessions;
import sharpsweep.driver.run.UsageException;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Summary per group (mean, eta/b -> 0 extrapolation, theory) and the paper's"
        + " plots, from a result table alone.")
final class AnalyzeCommand implements Callable<Integer> {
    static final String REPORT = "report.html";

    /** The default output folder is the table's, with this suffix: beside the table, not in it. */
    static final String ANALYSIS_SUFFIX = "-analysis";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "result folder (the Parquet table): a path or any"
            + " Hadoop file system URI, e.g. hdfs://namenode/results/x")
    String dir;

    @Option(names = "--out", paramLabel = "DIR", description = "where summary.csv, summary/ and the PNGs go"
            + " (default: DIR-analysis, beside the table, so the table folder holds only the table)")
    String out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /** What the report says about the table it summarises. */
    private Report.Source source(Folder table, long rows) throws IOException {
        OutputFolder folder = new OutputFolder(table);
        java.util.Properties p = folder.hasExpectations() ? folder.properties() : new java.util.Properties();
        return new Report.Source(p.getProperty("sweep", table.name()), dir, rows, p.getProperty("kernel_version", "?"),
                p.getProperty("schema_version", "?"), folder.lastConfig(),
                "sharpsweep " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Folder table = Folder.of(dir);
        if (!table.exists() || !table.isDirectory()) {
            throw new UsageException("DIR " + dir + ": no such folder");
        }
        TableScan scan = TableReader.scan(table);
        for (String bad : scan.corrupt()) {
            err.println("warning: skipping unreadable file " + bad);
        }
        if (scan.rows() == 0) {
            throw new UsageException("DIR " + dir + ": no result rows (no readable *.parquet files)");
        }
        Folder target = out != null ? Folder.of(out) : table.sibling(ANALYSIS_SUFFIX);
        if (out == null && table.exists("analysis")) {
            err.println("note: " + table.resolve("analysis") + " is an analysis an older sharpsweep wrote inside the table"
                    + " folder (pandas.read_parquet(DIR) fails on it); this one goes to " + target + ": delete the old one");
        }
        if (target.exists() && !target.isDirectory()) {
            throw new UsageException("--out " + target + ": exists and is not a folder");
        }
        // Charts are drawn off-screen: no display on a cluster node or in CI.
        System.setProperty("java.awt.headless", "true");
        SparkSession spark = SparkSessions.start("sharpsweep analyze " + table.name(), master, false);
        try {
            SparkTable results = new SparkTable(spark, table, scan);
            List<GroupSummary> summaries = Summaries.of(results.measurements());
            List<Trajectory> trajectories = results.trajectories();
            SummaryTable.write(spark, summaries, target);
            SummaryColumns.print(summaries, console);
            console.println();
            for (GroupSummary g : summaries) {
                if (g.reached() == 0) {
                    err.println("warning: " + g.key().label() + ": none of its " + g.n() + " rows reached equilibrium"
                            + " (see the equilibrium column): its values are not T at equilibrium");
                }
            }
            console.println("summary: " + target.resolve("summary.csv") + " and " + target.resolve("summary")
                    + " (Parquet), " + summaries.size() + " groups from " + scan.rows() + " rows");
            // The config the table keeps: the theory is drawn densely along its noise families.
            Folder meta = table.resolve(OutputFolder.META);
            TheoryCurves curves = TheoryCurves.of(meta.exists("config.yaml") ? meta.read("config.yaml") : null);
            List<Plots.Chart> charts = Plots.all(summaries, trajectories, curves);
            Map<String, String> skipped = new LinkedHashMap<>();
            for (Plots.Chart c : charts) {
                if (c.chart() == null) {
                    skipped.put(c.file(), c.missing());
                    console.println("plot " + c.file() + ": skipped, " + c.missing());
                }
            }
            Map<String, byte[]> pngs = Plots.encode(charts);
            for (Folder file : Plots.write(pngs, target)) {
                console.println("plot " + file);
            }
            target.writeAtomically(REPORT, Report.html(source(table, scan.rows()), summaries, pngs, skipped));
            console.println("report: " + target.resolve(REPORT) + " (one page, readable offline)");
        } finally {
            spark.stop();
        }
        return Main.OK;
    }
}
