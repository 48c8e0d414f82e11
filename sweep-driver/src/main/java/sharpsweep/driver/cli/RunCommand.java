package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.run.SweepRunner;
import sharpsweep.driver.run.UsageException;
import sharpsweep.driver.storage.Folder;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the sweep's missing tasks on Spark and append them to the Parquet table in --out.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "result folder (the Parquet table): a"
            + " path or any Hadoop file system URI, e.g. hdfs://namenode:8020/results/x")
    String out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--rerun-failed", description = "replace FAILED rows by running their tasks again")
    boolean rerunFailed;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "run only the N cheapest missing tasks (by expected time), e.g. for a first look")
    long limit;

    @Option(names = "--force", description = "run even if the grid has more tasks than max_points")
    boolean force;

    @Option(names = "--ui", description = "turn Spark's web UI on (local mode: 127.0.0.1 only)")
    boolean ui;

    @Option(names = "--wave-size", paramLabel = "N", defaultValue = "0",
            description = "tasks per committed wave (default 4 x Spark's parallelism)")
    int waveSize;

    @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "10",
            description = "between commits, a progress line at most every S seconds as tasks finish (0: every task)")
    double progressSeconds;

    @Option(names = "--executor-timeout", paramLabel = "S", defaultValue = "120",
            description = "on a cluster, fail when no executor has been up for S seconds while tasks wait")
    double executorTimeout;

    @Option(names = "--lease-timeout", paramLabel = "S", defaultValue = "60",
            description = "the folder's lease is taken over when its holder's heartbeat is older than S seconds (a killed"
                    + " driver blocks the next run at most this long)")
    double leaseTimeout;

    @Option(names = "--break-lease", description = "take the folder's lease whoever holds it (logged in"
            + " _sharpsweep/history/): for a driver known dead; a live one stops committing")
    boolean breakLease;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "run K times the config's replicates (cluster-size versions of the laptop configs)")
    int scale;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        if (limit < 0) {
            throw new UsageException("--limit " + limit + ": must be >= 0");
        }
        if (!(progressSeconds >= 0) || !Double.isFinite(progressSeconds)) {
            throw new UsageException("--progress-seconds " + progressSeconds + ": must be >= 0");
        }
        if (!(executorTimeout > 0)) {
            throw new UsageException("--executor-timeout " + executorTimeout + ": must be > 0");
        }
        if (!(leaseTimeout > 0) || !Double.isFinite(leaseTimeout)) {
            throw new UsageException("--lease-timeout " + leaseTimeout + ": must be > 0");
        }
        if (waveSize < 0) {
            throw new UsageException("--wave-size " + waveSize + ": must be >= 0");
        }
        SweepConfig c = ConfigReader.read(config).scaled(scale);
        long tasks = Grid.size(c) * c.replicates();
        if (tasks > c.maxPoints() && !force) {
            throw new UsageException(config + ": max_points = " + c.maxPoints() + ": the grid has " + tasks
                    + " tasks, more than max_points; pass --force or raise max_points");
        }
        List<TaskRef> all = Grid.tasks(c, new CostModel());
        new SweepRunner(console).run(c, Files.readString(config), all, Folder.of(out), new SweepRunner.Options(master,
                rerunFailed, limit, ui, waveSize, progressSeconds, executorTimeout, leaseTimeout, breakLease));
        return Main.OK;
    }
}
