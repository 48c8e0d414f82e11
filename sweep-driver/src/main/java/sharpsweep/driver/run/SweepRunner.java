package sharpsweep.driver.run;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.storage.Lease;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.table.ResultFile;
import sharpsweep.driver.table.ResultSchema;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.Status;

/**
 * Runs a sweep's missing tasks on Spark and appends their rows to the table, wave by wave:
 * <ol>
 *   <li>resume: read the table's task_id column and keep only the tasks not in it;</li>
 *   <li>longest expected first; each wave is one Spark job, one Spark task per grid point; its rows come
 *       back to the driver (one per task: kilobytes) and are written there as one Parquet file that appears
 *       in one atomic rename (a reader never sees a partial file, and Spark keeps one result per task, so a
 *       retried or speculative attempt is never written twice);</li>
 *   <li>a driver killed mid-sweep loses only the (at most two) waves in flight; the next run picks up
 *       the rest.</li>
 * </ol>
 * The driver holds at most two waves' rows at a time.
 */
public final class SweepRunner {
    /**
     * How to run.
     *
     * @param progressSeconds a progress line at most this often while tasks finish between commits (0: one per
     *                        finished task)
     * @param executorTimeoutSeconds on a cluster, the run fails when no executor has been up for this long while
     *                        a wave waits
     * @param leaseTimeoutSeconds a lease whose heartbeat is older than this belongs to a dead driver
     * @param breakLease      take the folder's lease whoever holds it (logged)
     */
    public record Options(String master, boolean rerunFailed, long limit, boolean ui, int waveSize,
                          double progressSeconds, double executorTimeoutSeconds, double leaseTimeoutSeconds,
                          boolean breakLease) {
    }

    /** What a run did: tasks run, seconds to start Spark, seconds from then to the last commit. */
    public record RunStats(long ran, double sparkStartSeconds, double runSeconds) {
    }

    private final PrintWriter out;
    /** Held while a wave is written: an interrupt waits for it, and no wave is written after one. */
    private final java.util.concurrent.locks.ReentrantLock commits = new java.util.concurrent.locks.ReentrantLock();

    public SweepRunner(PrintWriter out) {
        this.out = out;
    }

    /**
     * Runs the tasks of {@code tasks} not yet in {@code dir}, holding the folder's lease throughout.
     *
     * @param configText the config as written, recorded in the folder
     */
    public RunStats run(SweepConfig config, String configText, List<TaskRef> tasks, Folder dir, Options options)
            throws IOException {
        OutputFolder folder = new OutputFolder(dir);
        folder.checkCompatible(config.sweep());
        try (Lease lease = Lease.acquire(folder.meta(), options.leaseTimeoutSeconds(), options.breakLease(), out)) {
            // From here on an interrupt says one line and gives the lease back, whether Spark runs yet or not.
            AtomicReference<Progress> progress = new AtomicReference<>();
            Runnable uninstall = Interrupts.install(out, commits, () -> progress.get() == null
                    ? "no task committed in " + dir + " by this run"
                    : progress.get().committed() + " of " + progress.get().total() + " tasks committed in " + dir,
                    lease::close);
            try {
                return run(config, configText, tasks, folder, options, lease, progress);
            } finally {
                uninstall.run();
            }
        }
    }

    private RunStats run(SweepConfig config, String configText, List<TaskRef> tasks, OutputFolder folder,
                         Options options, Lease lease, AtomicReference<Progress> started)
            throws IOException {
        Folder dir = folder.dir();
        if (folder.hasExpectations()) {
            ConfigChange.check(dir, folder.expectedTaskIds(), tasks.stream().map(TaskRef::taskId).toList(),
                    folder.lastConfig(), configText, folder.properties().getProperty("kernel_version", ""),
                    Kernel.VERSION);
        }
        TableScan scan = TableReader.scan(dir);
        if (!scan.corrupt().isEmpty()) {
            throw new UsageException(dir + ": unreadable Parquet file(s) in the table: " + String.join("; ", scan.corrupt())
                    + ". Move them out of the folder (their tasks will be rerun) and run again");
        }
        Set<String> failed = new HashSet<>();
        if (options.rerunFailed()) {
            scan.statusByTask().forEach((id, s) -> {
                if (s.equals(Status.FAILED.name())) {
                    failed.add(id);
                }
            });
        }
        List<TaskRef> missing = new ArrayList<>();
        for (TaskRef t : tasks) {
            String present = scan.statusByTask().get(t.taskId());
            if (present == null || failed.contains(t.taskId())) {
                missing.add(t);
            }
        }
        long present = tasks.size() - missing.size();
        int allMissing = missing.size();
        if (options.limit() > 0 && missing.size() > options.limit()) {
            // --limit takes the cheapest expected tasks: a quick first look, not an hour on the slowest.
            missing.sort(Comparator.comparingDouble(TaskRef::cost).thenComparing(TaskRef::taskId));
            missing = new ArrayList<>(missing.subList(0, (int) options.limit()));
        }
        // Longest expected first: the last wave is not one long task keeping a core busy alone.
        missing.sort(Comparator.comparingDouble(TaskRef::cost).reversed().thenComparing(TaskRef::taskId));
        // A driver killed mid-write leaves a hidden data file not yet renamed, or (older versions, and
        // --rerun-failed's rewrite) Spark's _temporary/, whose committed task output
        // the next job commit would merge. Invisible to readers; removed before anything runs. Holding the
        // lease, this run is the only writer: the staging is certainly a dead run's.
        List<String> leftovers = new ArrayList<>(List.of("_temporary", OutputFolder.META + "/" + REWRITE));
        leftovers.addAll(ResultFile.unfinished(dir));
        for (String leftover : leftovers) {
            if (dir.exists(leftover)) {
                dir.delete(leftover);
                out.println("Removed " + dir + "/" + leftover + ": the unfinished write of an interrupted run");
            }
        }
        folder.writeMeta(config.sweep(), Kernel.VERSION, configText, tasks.stream().map(TaskRef::taskId).toList());
        if (missing.isEmpty()) {
            out.printf("Nothing to do: all %d tasks of sweep '%s' are already in %s%n", tasks.size(), config.sweep(), dir);
            return new RunStats(0, 0, 0);
        }
        String limited = missing.size() < allMissing
                ? " (the " + missing.size() + " cheapest of " + allMissing + " missing: --limit " + options.limit() + ")" : "";
        out.printf("Sweep '%s': %d tasks, %d already in %s, running %d%s%s%n", config.sweep(), tasks.size(), present, dir,
                missing.size(), limited, failed.isEmpty() ? "" : " (" + failed.size() + " FAILED to rerun)");

        Progress progress = new Progress(out, missing.size(), options.progressSeconds());
        started.set(progress);
        return runOnSpark(config, missing, dir, options, failed, scan, progress, lease);
    }

    private RunStats runOnSpark(SweepConfig config, List<TaskRef> missing, Folder dir, Options options,
                                Set<String> failed, TableScan scan, Progress progress, Lease lease) throws IOException {
        long t0 = System.nanoTime();
        // Spark's start leaves a core idle: the Parquet writer's first use is paid there, not while tasks run.
        Thread warmUp = new Thread(ResultFile::warmUp, "sharpsweep-writer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        SparkSession spark = SparkSessions.start("sharpsweep " + config.sweep(), options.master(), options.ui());
        long t1 = System.nanoTime();
        out.printf("Spark %s started in %.1f s (master %s)%n", spark.version(), (t1 - t0) * 1e-9, spark.sparkContext().master());
        try {
            if (!failed.isEmpty()) {
                dropRows(spark, dir, failed, scan);
            }
            runWaves(spark, config, missing, dir, options, progress, lease);
            long t2 = System.nanoTime();
            Summary.print(spark, dir, out);
            return new RunStats(missing.size(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
        } finally {
            spark.stop();
        }
    }

    /**
     * Waves are pipelined: each wave's kernel job is submitted asynchronously, and at most two are in flight;
     * the older one is written by this thread as soon as its tasks end, while the newer keeps the cores busy.
     * So no core waits at a wave boundary and finished work is on disk within a moment of its last task
     * (a write as a Spark job would queue behind the next wave's tasks: FIFO scheduling). Writes happen one
     * at a time, in wave order.
     */
    private void runWaves(SparkSession spark, SweepConfig config, List<TaskRef> missing, Folder dir, Options options,
                          Progress progress, Lease lease) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parallelism = jsc.defaultParallelism();
        int waveSize = options.waveSize() > 0 ? options.waveSize() : Math.max(4 * parallelism, 1);
        Map<Status, LongAccumulator> counters = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counters.put(s, jsc.sc().longAccumulator("tasks " + s));
        }
        Map<Status, Long> before = snapshot(counters);
        // Between commits, finished tasks are reported as they end (the accumulators are merged before the event).
        SparkListener finishedTasks = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                Map<Status, Long> finished = new EnumMap<>(Status.class);
                snapshot(counters).forEach((s, n) -> finished.put(s, n - before.get(s)));
                progress.taskFinished(finished);
            }
        };
        spark.sparkContext().addSparkListener(finishedTasks);
        try {
            pipeline(jsc, spark, config, missing, new Commit(dir, options.executorTimeoutSeconds(), lease), waveSize,
                    counters, progress, before);
        } finally {
            spark.sparkContext().removeSparkListener(finishedTasks);
        }
    }

    /** Submits the waves, at most two in flight, and commits each in order. */
    private void pipeline(JavaSparkContext jsc, SparkSession spark, SweepConfig config, List<TaskRef> missing,
                          Commit target, int waveSize, Map<Status, LongAccumulator> counters, Progress progress,
                          Map<Status, Long> start) {
        RunTask runTask = new RunTask(config.sweep(), counters, FaultInjection.fromSystemProperty());
        Deque<Wave> inFlight = new ArrayDeque<>();
        for (int from = 0; from < missing.size(); from += waveSize) {
            List<TaskRef> wave = new ArrayList<>(missing.subList(from, Math.min(missing.size(), from + waveSize)));
            jsc.setJobDescription("sharpsweep: " + wave.size() + " tasks");
            inFlight.add(new Wave(jsc.parallelize(wave, wave.size()).map(runTask).collectAsync(), wave.size()));
            if (inFlight.size() >= 2) {
                commit(spark, inFlight.poll(), target, counters, start, progress);
            }
        }
        while (!inFlight.isEmpty()) {
            commit(spark, inFlight.poll(), target, counters, start, progress);
        }
    }

    /**
     * Waits for a wave's kernel job, checking every second that it can still end: a SparkContext stopped
     * under it (e.g. the cluster manager removed the application because no executor could start) leaves
     * the job's future unfinished forever.
     */
    /** The staging folder of --rerun-failed's rewrites, inside _sharpsweep/. */
    private static final String REWRITE = "rewrite";

    private static void awaitWave(SparkSession spark, Wave wave, double executorTimeout, Progress progress)
            throws InterruptedException, ExecutionException {
        long waiting = System.nanoTime();
        boolean local = spark.sparkContext().isLocal();
        while (true) {
            try {
                wave.computed().get(1, java.util.concurrent.TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                progress.heartbeat(wave.size());
                // The driver counts as one executor; a cluster with none besides it cannot run anything.
                if (!local && spark.sparkContext().statusTracker().getExecutorInfos().length > 1) {
                    waiting = System.nanoTime();
                }
                if (!local && (System.nanoTime() - waiting) * 1e-9 > executorTimeout) {
                    throw new RunFailure("no executor started in " + Math.round(executorTimeout) + " s on "
                            + spark.sparkContext().master() + ": see the master's UI and the workers' logs; the"
                            + " committed waves are safe, rerun the same command to resume");
                }
                if (spark.sparkContext().isStopped()) {
                    throw new RunFailure("Spark stopped while a wave of " + wave.size() + " tasks was running (master "
                            + spark.sparkContext().master() + "): if no executor could start, see the cluster's logs"
                            + " or UI; the committed waves are safe, rerun the same command to resume");
                }
            }
        }
    }

    /** A failure said in one line, with no cause to report. */
    static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailure(String message) {
            super(message);
        }
    }

    /** A wave whose kernel job is under way. */
    private record Wave(JavaFutureAction<List<Row>> computed, int size) {
    }

    /** Where and under which lease waves are committed. */
    private record Commit(Folder dir, double executorTimeout, Lease lease) {
    }

    /** Waits for the wave's kernels and appends its rows as one Parquet file. */
    private void commit(SparkSession spark, Wave wave, Commit target, Map<Status, LongAccumulator> counters,
                        Map<Status, Long> start, Progress progress) {
        List<Row> rows;
        try {
            awaitWave(spark, wave, target.executorTimeout(), progress);
            rows = wave.computed().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a wave was running", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a wave of " + wave.size() + " tasks failed: " + e.getCause().getMessage(), e);
        }
        commits.lock();
        try {
            if (Interrupts.happened()) {
                throw new IllegalStateException("interrupted");
            }
            if (!target.lease().held()) {
                throw new RunFailure(target.lease().lostReason());
            }
            // Written by this thread, not by a Spark job: a job would queue behind the next wave's tasks.
            ResultFile.write(target.dir(), rows);
            Map<Status, Long> finished = new EnumMap<>(Status.class);
            snapshot(counters).forEach((s, n) -> finished.put(s, n - start.get(s)));
            progress.waveCommitted(wave.size(), finished);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write a wave of " + wave.size() + " tasks to " + target.dir()
                    + ": " + e.getMessage(), e);
        } finally {
            commits.unlock();
        }
    }

    private static Map<Status, Long> snapshot(Map<Status, LongAccumulator> counters) {
        Map<Status, Long> m = new EnumMap<>(Status.class);
        counters.forEach((s, a) -> m.put(s, a.value()));
        return m;
    }

    /**
     * Removes the rows of {@code taskIds} from the files that hold them: each such file is rewritten
     * without them and moved over the old one in one atomic rename, so the table never holds two rows
     * of one task, and a crash leaves either the old file or the new.
     */
    private void dropRows(SparkSession spark, Folder dir, Set<String> taskIds, TableScan scan) throws IOException {
        Set<String> files = new HashSet<>();
        for (String id : taskIds) {
            files.add(scan.filesByTask().get(id));
        }
        Folder staging = dir.resolve(OutputFolder.META).resolve(REWRITE);
        for (String file : files) {
            staging.delete();
            Dataset<Row> kept = spark.read().schema(ResultSchema.SCHEMA).parquet(dir.resolve(file).uri())
                    .filter(col("task_id").isin(taskIds.toArray()).unary_$bang());
            kept.repartition(1).write().parquet(staging.uri());
            String part = staging.list().stream().map(f -> f.getPath().getName())
                    .filter(n -> n.endsWith(".parquet") && !n.startsWith(".")).findFirst().orElseThrow();
            // Hadoop's local file system keeps a checksum beside each file (.NAME.crc): the old one must go
            // before the new content arrives, or every later read fails its checksum. A crash between the
            // steps leaves no checksum (reads skip verification) or the matching one. HDFS keeps checksums
            // inside, with no such file.
            String crc = "." + file + ".crc";
            if (dir.exists(crc)) {
                dir.delete(crc);
            }
            dir.replace(staging.path(part), file);
            if (staging.exists("." + part + ".crc")) {
                dir.replace(staging.path("." + part + ".crc"), crc);
            }
        }
        staging.delete();
    }
}
