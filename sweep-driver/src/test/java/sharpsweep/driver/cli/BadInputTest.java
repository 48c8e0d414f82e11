package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input through the CLI: exit 2, one line naming what is wrong, before Spark starts, no table written. */
class BadInputTest {
    static final String GOOD = """
            sweep: bad-input
            d_x: 2
            d_y: 2
            depth: [2]
            width: [2]
            batch_size: [8]
            learning_rate: [0.01]
            noise: [{name: iso, spectrum: [1, 1]}]
            max_steps: 1000
            """;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "invalid YAML         | 'depth: [2'                       | invalid YAML",
        "unknown key          | 'colour: red'                     | colour: unknown key",
        "non-SPD matrix       | 'noise: [{name: a, matrix: [[1, 2], [2, 1]]}]' | noise[0]: is not positive definite",
        "asymmetric matrix    | 'noise: [{name: a, matrix: [[1, 0.5], [0, 1]]}]' | noise[0]: is not symmetric",
        "dimension mismatch   | 'noise: [{name: a, spectrum: [1]}]' | noise[0].spectrum = [1]: must be a list of 2",
        "kappa below 1        | 'noise: [{name: a, kappa: 0.1}]'  | noise[0].kappa = 0.1: must be >= 1",
        "eta zero             | 'learning_rate: [0.0]'            | learning_rate[0] = 0.0: must be > 0",
        "batch zero           | 'batch_size: [0]'                 | batch_size[0] = 0",
        "width zero           | 'width: [0]'                      | width[0] = 0",
        "depth one            | 'depth: [1]'                      | depth[0] = 1",
        "empty axis           | 'depth: []'                       | depth = []",
        "NaN                  | 'learning_rate: [.nan]'           | learning_rate[0] = NaN: must be a finite number",
        "Inf                  | 'noise: [{name: a, spectrum: [1, .inf]}]' | noise[0].spectrum[1] = Infinity",
        "grid over the cap    | 'max_points: 1\nwidth: [2, 4]'    | max_points = 1: the grid has 2 tasks",
        // Type tags are not honoured: the gadget stays plain data (a nested list) and is rejected as such.
        "YAML type tags       | 'sweep: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]' | sweep = [[[[\"http://127.0.0.1:1/\"]]]]: must be"})
    void badConfigExitsTwoBeforeSpark(String label, String change, String expected) throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, sharpsweep.driver.YamlEdits.merge(GOOD, change.replace("\\n", "\n")));
        Path out = tmp.resolve("out");
        CliCapture r = CliCapture.run("run", config.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(config + ": "), r.err());
        assertTrue(r.err().contains(expected), r.err() + "\n  should contain: " + expected);
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "folder with other files | other.txt | holds something else",
        "another sweep's table   | _sharpsweep/sweep.properties | holds sweep 'someone-else'"})
    void outputFolderThatHoldsSomethingElseIsRefused(String label, String file, String expected) throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, GOOD);
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve(file).getParent());
        Files.writeString(out.resolve(file), "sweep=someone-else\nschema_version=1\n");
        CliCapture r = CliCapture.run("run", config.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"_sharpsweep", "_temporary"})
    void aPlantedSymbolicLinkIsNeverWrittenThrough(String inner) throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, GOOD);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve(inner), elsewhere);
        CliCapture r = CliCapture.run("run", config.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(inner + " is a symbolic link"), r.err());
        try (var s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "nothing written through the link");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sweep name with a path | 'sweep: ../../etc' | sweep = ../../etc",
        "absolute sweep name    | 'sweep: /tmp/x'    | sweep = /tmp/x"})
    void sweepNamesCannotBePaths(String label, String change, String expected) throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, sharpsweep.driver.YamlEdits.merge(GOOD, change));
        CliCapture r = CliCapture.run("run", config.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing config | run, /no/such.yaml, --out, x | no such file",
        "negative limit | run, CONFIG, --out, x, --limit, -1 | --limit -1",
        "negative progress interval | run, CONFIG, --out, x, --progress-seconds, -1 | --progress-seconds -1.0: must be >= 0",
        "zero executor timeout | run, CONFIG, --out, x, --executor-timeout, 0 | --executor-timeout 0.0: must be > 0",
        "unknown option | run, CONFIG, --out, x, --fast | Unknown option"})
    void badArgumentsExitTwo(String label, String args, String expected) throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, GOOD);
        String[] argv = args.replace("CONFIG", config.toString()).replace(" x", " " + tmp.resolve("o")).split(",\\s*");
        CliCapture r = CliCapture.run(argv);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
    }
}
