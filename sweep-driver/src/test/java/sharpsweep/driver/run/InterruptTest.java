package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.cli.CliCapture;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

/** SIGTERM mid-run: one calm line, exit 143, no stack trace; the same command then resumes to every task once. */
@Tag("slow") // run by failsafe in verify, not by mvn test
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermSaysOneLineAndTheRunResumes() throws IOException, InterruptedException {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        Path out = tmp.resolve("out");
        // Every task sleeps 1.5 s (waves of 2 on 2 cores): the signal lands with a wave in flight.
        String text = sigtermWhen(config, out, tmp.resolve("child.log"), "tasks committed");
        List<String> lines = text.lines().filter(l -> l.startsWith("interrupted:")).toList();
        assertEquals(1, lines.size(), text);
        Matcher m = Pattern.compile("interrupted: (\\d+) of (\\d+) tasks committed in .*; rerun the same command to "
                + "resume").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("sharpsweep failed"), text);
        long committed = Long.parseLong(m.group(1));
        assertEquals(committed, TableReader.scan(out).rows(), "the line tells what is in the table");
        assertFalse(Files.exists(out.resolve(OutputFolder.META).resolve("lease")), "the interrupted run gave its lease back");

        CliCapture resumed = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, resumed.exitCode(), resumed.err());
        TableScan scan = TableReader.scan(out);
        assertEquals(Long.parseLong(m.group(2)), scan.rows());
        assertEquals(0, scan.duplicated());
    }

    @Test
    void sigtermBeforeTheFirstWaveAlsoSaysOneLineAndGivesTheLeaseBack() throws IOException, InterruptedException {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        Path out = tmp.resolve("out");
        // The signal lands while Spark starts, or at the latest while the first wave runs.
        String text = sigtermWhen(config, out, tmp.resolve("early.log"), "Sweep '");
        assertEquals(1, text.lines().filter(l -> l.startsWith("interrupted:")).count(), text);
        assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("sharpsweep failed"), text);
        assertEquals(0, TableReader.scan(out).rows(), text);
        assertFalse(Files.exists(out.resolve(OutputFolder.META).resolve("lease")), text);
    }

    /**
     * Starts {@code run} in a child driver (tasks sleep 1.5 s, waves of 2), sends SIGTERM as soon as its output
     * holds {@code marker}, and returns the output once it exited with 143.
     */
    private static String sigtermWhen(Path config, Path out, Path log, String marker)
            throws IOException, InterruptedException {
        Process p = ChildDriver.start(log, "sleep1500@.", "127.0.0.1", "run", config.toString(), "--out", out.toString(),
                "--master", "local[2]", "--wave-size", "2");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains(marker) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(log).contains(marker), Files.readString(log));
            p.destroy(); // SIGTERM on Linux: shutdown hooks run
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the driver exits");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertEquals(143, p.exitValue(), text);
        return text;
    }
}
