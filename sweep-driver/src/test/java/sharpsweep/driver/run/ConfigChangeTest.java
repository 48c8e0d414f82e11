package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.cli.CliCapture;
import sharpsweep.driver.table.TableReader;

/** One table holds one grid: a config may grow it, never change it; every config that wrote is kept. */
class ConfigChangeTest {
    static final String CONFIG = """
            sweep: change-test
            d_x: 2
            d_y: 2
            depth: [2]
            width: [2]
            batch_size: [8]
            learning_rate: [0.03]
            noise: [{name: k4, kappa: 4}]
            replicates: 1
            max_steps: 3000
            trajectory_length: 4
            convergence: {burn_in: 1000, window: 500}
            """;

    @TempDir
    Path tmp;

    @Test
    void growingTheGridIsAcceptedChangingItIsRefused() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, run(CONFIG, out).exitCode());
        // More replicates and another learning rate: every task of the first run is still in the grid.
        CliCapture grown = run(CONFIG.replace("replicates: 1", "replicates: 2")
                .replace("learning_rate: [0.03]", "learning_rate: [0.03, 0.02]"), out);
        assertEquals(0, grown.exitCode(), grown.err());
        assertTrue(grown.out().contains("4 tasks, 1 already in"), grown.out());
        assertEquals(4, TableReader.scan(out).rows());

        // A changed budget changes every task: refused before anything runs, in one line naming the change.
        CliCapture changed = run(CONFIG.replace("max_steps: 3000", "max_steps: 4000"), out);
        assertEquals(2, changed.exitCode(), changed.out());
        String err = changed.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("leaves out 4 of the 4 tasks") && err.contains("max_steps: 3000 -> 4000")
                && err.contains("use a new --out"), err);
        assertEquals(4, TableReader.scan(out).rows(), "nothing written");

        // The history holds both configs that wrote, oldest first; config.yaml is the latest.
        try (Stream<Path> s = Files.list(out.resolve(OutputFolder.META).resolve("history"))) {
            List<Path> history = s.sorted().toList();
            assertEquals(2, history.size(), history.toString());
            assertTrue(Files.readString(history.get(0)).contains("replicates: 1"));
            assertTrue(Files.readString(history.get(1)).contains("replicates: 2"));
        }
        assertTrue(Files.readString(out.resolve(OutputFolder.META).resolve("config.yaml")).contains("replicates: 2"));
    }

    private CliCapture run(String config, Path out) throws IOException {
        Path file = tmp.resolve("c" + System.nanoTime() + ".yaml");
        Files.writeString(file, config);
        return CliCapture.run("run", file.toString(), "--out", out.toString(), "--master", "local[1]");
    }
}
