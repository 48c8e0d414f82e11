package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.cli.CliCapture;

/**
 * A cluster whose executors cannot start (each exits at once, and the master keeps launching new ones): the
 * driver must say so and exit after --executor-timeout, not wait for the wave forever.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class ClusterHangTest {
    @TempDir
    Path tmp;

    @Test
    void noExecutorCanStartAndTheRunEndsInOneLine() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        List<String[]> settings = new ArrayList<>();
        for (String[] kv : StandaloneCluster.driverSettings(sharpsweep.driver.TestJvm.joined())) {
            // An agent that does not exist: every executor JVM exits at once.
            settings.add(kv[0].equals("spark.executor.extraJavaOptions")
                    ? new String[] {kv[0], kv[1] + " -javaagent:" + tmp.resolve("no-such-agent.jar")} : kv);
        }
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 1)) {
            for (String[] kv : settings) {
                System.setProperty(kv[0], kv[1]);
            }
            CliCapture r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliCapture.run("run",
                    config.toString(), "--out", tmp.resolve("out").toString(), "--master", cluster.masterUrl,
                    "--executor-timeout", "15"));
            assertEquals(1, r.exitCode(), r.out() + r.err());
            String err = r.err().strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("sharpsweep failed: no executor started in 15 s on " + cluster.masterUrl), err);
        } finally {
            for (String[] kv : settings) {
                System.clearProperty(kv[0]);
            }
        }
    }
}
