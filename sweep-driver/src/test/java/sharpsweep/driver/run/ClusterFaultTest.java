package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.cli.CliCapture;

/**
 * Faults on a standalone cluster (Master + two Workers on 127.0.0.1 and 127.0.0.2): an executor JVM
 * killed mid-sweep, and speculative copies of deliberately slow tasks. Either way the table ends
 * complete, each task once, bit-identical (wall time aside) to a local-mode run.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class ClusterFaultTest {
    @TempDir
    static Path tmp;
    static StandaloneCluster cluster;
    static List<String[]> settings;
    static Path config;
    static Path reference;

    @BeforeAll
    static void start() throws Exception {
        config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        reference = tmp.resolve("reference");
        CliCapture r = CliCapture.run("run", config.toString(), "--out", reference.toString(), "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.err());
        cluster = new StandaloneCluster(tmp, List.of("127.0.0.1", "127.0.0.2"));
        settings = new ArrayList<>(StandaloneCluster.driverSettings(sharpsweep.driver.TestJvm.joined()));
        settings.add(new String[] {"spark.extraListeners", FaultListener.class.getName()});
        for (String[] kv : settings) {
            System.setProperty(kv[0], kv[1]);
        }
    }

    @AfterAll
    static void stop() {
        for (String[] kv : settings) {
            System.clearProperty(kv[0]);
        }
        cluster.close();
    }

    @Test
    void anExecutorKilledMidSweepLosesAndDuplicatesNothing() throws Exception {
        Path out = tmp.resolve("executor-killed");
        AtomicInteger killed = new AtomicInteger();
        // Tasks sleep 400 ms (24 tasks, 2 executors, waves of 4): the kill lands after the first commit.
        Thread killer = new Thread(() -> {
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline && (!Files.exists(out) || TableReader.dataFiles(out).isEmpty())) {
                    Thread.sleep(100);
                }
                List<ProcessHandle> executors = cluster.executors();
                if (!executors.isEmpty()) {
                    executors.get(0).destroyForcibly(); // SIGKILL
                    killed.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        System.setProperty(FaultInjection.PROPERTY, "sleep400@.");
        FaultListener.EXECUTORS_REMOVED.set(0);
        CliCapture run;
        try {
            killer.start();
            run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", cluster.masterUrl,
                    "--wave-size", "4");
            killer.join();
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(1, killed.get(), "an executor was killed mid-sweep");
        assertTrue(FaultListener.EXECUTORS_REMOVED.get() >= 1, "and Spark saw it go");
        assertCompleteAndIdentical(out);
        System.out.println("reliability: executor killed 1 time mid-sweep, tasks lost 0, duplicates 0");
    }

    @Test
    void speculativeCopiesOfSlowTasksWriteNoDuplicates() throws Exception {
        Path out = tmp.resolve("speculation");
        // The first attempt of replicate 0 of k4 at depth 3 (1 task) sleeps 20 s; a speculative copy (attempt 1)
        // does not, finishes first, and Spark kills the straggler. One straggler, not two: with both of the
        // cluster's two slots held by stragglers nothing else finishes and no copy can start (whether that
        // happens depended on the order the tasks started in, i.e. on their task_ids).
        System.setProperty(FaultInjection.PROPERTY, "sleepFirst20000@\"depth\":3.*\"k4\".*#0$");
        String[][] speculation = {{"spark.speculation", "true"}, {"spark.speculation.interval", "100ms"},
            {"spark.speculation.quantile", "0.5"}, {"spark.speculation.multiplier", "2"}};
        for (String[] kv : speculation) {
            System.setProperty(kv[0], kv[1]);
        }
        FaultListener.SPECULATIVE.set(0);
        long t0 = System.nanoTime();
        CliCapture run;
        try {
            run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", cluster.masterUrl,
                    "--wave-size", "12");
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
            for (String[] kv : speculation) {
                System.clearProperty(kv[0]);
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(FaultListener.SPECULATIVE.get() >= 1, "speculative attempts: " + FaultListener.SPECULATIVE.get()
                + " in " + seconds + " s\n" + run.out() + run.err());
        assertTrue(seconds < 40, "the speculative copies, not the 20 s stragglers, finished the tasks: " + seconds + " s");
        assertCompleteAndIdentical(out);
        System.out.printf("reliability: speculative attempts %d, duplicates 0%n", FaultListener.SPECULATIVE.get());
    }

    /** FaultInjectionTest's reference is another run of the same config: ours must equal it too. */
    private static void assertCompleteAndIdentical(Path out) throws IOException {
        FaultInjectionTest.assertComplete(out, config);
        FaultInjectionTest.assertSameRows(reference, out);
    }
}
