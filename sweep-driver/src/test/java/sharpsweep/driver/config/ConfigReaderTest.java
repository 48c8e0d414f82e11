package sharpsweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.theory.Spectral;

class ConfigReaderTest {
    static final Path CONF = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "conf");

    /** conf/example.yaml's grid (the first example sweep the project was asked for), verbatim. */
    static final String EXAMPLE = """
            sweep: example
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2, 8]
            batch_size: [10]
            learning_rate: [0.01, 0.005]
            init: [xavier]
            input: [{name: iso, spectrum: [1, 1]}]
            teacher: [identity]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k100, kappa: 100, shape: geometric}
              - {name: tilted, matrix: [[2.0, 0.3], [0.3, 0.5]]}
            replicates: 3
            max_steps: 2000000
            """;

    @Test
    void acceptsTheIssueExampleAsItIs() {
        SweepConfig c = ConfigReader.parse(EXAMPLE, "example.yaml");
        assertEquals("example", c.sweep());
        assertEquals(List.of(2, 3), c.depth());
        assertEquals(3, c.noise().size());
        assertEquals(3, c.replicates());
        assertEquals(2_000_000, c.maxSteps());
        // kappa 100 geometric over d = 2: eigenvalues 1 and 1/100
        assertEquals(100, c.noise().get(1).conditionNumber(2), 1e-12);
        double[] tilted = Spectral.eigenvalues(c.noise().get(2).resolve(2));
        assertEquals(2.5, tilted[0] + tilted[1], 1e-12);
    }

    static Stream<Path> confFiles() throws IOException {
        try (Stream<Path> s = Files.list(CONF)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("confFiles")
    void everyShippedConfigIsValid(Path file) {
        SweepConfig c = ConfigReader.read(file);
        assertTrue(c.noise().size() >= 1);
    }

    @Test
    void shapesRunFromOneToOneOverKappa() {
        SweepConfig c = ConfigReader.parse(EXAMPLE.replace("d_y: 2", "d_y: 4").replace("[1, 1]}\n  - {name: k100",
                "[1, 1, 1, 1]}\n  - {name: k100").replace("{name: tilted, matrix: [[2.0, 0.3], [0.3, 0.5]]}",
                "{name: two, kappa: 9, shape: two-level}\n  - {name: pow, kappa: 16, shape: power-law, rotate: 3, scale: 2}"),
                "x.yaml");
        assertEquals(1.0, c.noise().get(1).eigenvalues(4)[0], 1e-12);
        assertEquals(0.01, c.noise().get(1).eigenvalues(4)[3], 1e-15);
        double[] two = c.noise().get(2).eigenvalues(4);
        assertEquals(List.of(1.0, 1.0, 1 / 9.0, 1 / 9.0).toString(), List.of(two[0], two[1], two[2], two[3]).toString());
        double[] pow = Spectral.eigenvalues(c.noise().get(3).resolve(4)); // rotated: check the spectrum survives
        assertEquals(2.0, pow[3], 1e-12);
        assertEquals(2.0 / 16, pow[0], 1e-12);
        assertEquals(2.0 * Math.pow(2, -Math.log(16) / Math.log(4)), pow[2], 1e-12);
    }

    @Test
    void readsTheModelAxisWithDefaultsWrittenIn() {
        SweepConfig c = ConfigReader.parse(sharpsweep.driver.YamlEdits.merge(EXAMPLE.replace("{name: iso, spectrum: [1, 1]}]",
                "{name: iso, kappa: 1}]"), """
                model: [linear, {name: rnn, activation: relu, teacher_seed: 5}, {name: transformer, d_x: 8, d_y: 8,
                  noise_scale: 16, max_steps: 300}]
                noise: [{name: iso, kappa: 1}, {name: k100, kappa: 100, shape: spike},
                  {name: k100-tr, kappa: 100, shape: spike, normalise: trace, scale: 3}]"""), "m.yaml");
        assertEquals(3, c.model().size());
        assertTrue(c.model().get(0).isLinear());
        ModelChoice rnn = c.model().get(1);
        assertEquals(new ModelSpec.Rnn(100, 5, 1000, 100, 4, ModelSpec.Activation.RELU), rnn.network());
        assertEquals("{\"activation\":\"relu\",\"eval_size\":1000,\"name\":\"rnn\",\"probes\":100,\"sequence_length\":4,"
                + "\"teacher_seed\":5,\"teacher_width\":100}", rnn.canonical()); // sorted keys, defaults written in
        ModelChoice t = c.model().get(2);
        assertEquals(8, t.dx());
        assertEquals(300, t.maxSteps());
        assertEquals(16, t.noiseScale());
        // spike: one loud direction, the rest at 1/κ
        assertEquals(List.of(1.0, 0.01, 0.01), java.util.Arrays.stream(c.noise().get(1).eigenvalues(3)).boxed().toList());
        // normalise: trace keeps the shape and sets Tr = d·scale, whatever κ
        double[] tr = c.noise().get(2).eigenvalues(3);
        assertEquals(9.0, tr[0] + tr[1] + tr[2], 1e-12);
        assertEquals(100, tr[0] / tr[2], 1e-9);
    }

    @Test
    void readsMinimumStarts() {
        SweepConfig c = ConfigReader.parse(sharpsweep.driver.YamlEdits.merge(EXAMPLE,
                "init: [flat, selected, {sharp: 2.50}, kaiming]"), "m.yaml");
        assertEquals(List.of("flat", "selected", "sharp:2.5", "kaiming"),
                c.init().stream().map(InitChoice::label).toList());
        assertEquals(sharpsweep.kernel.spec.Init.sharp(2.5), c.init().get(2).init());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "invalid YAML          | 'depth: [2, 3'                                   | invalid YAML",
        "unknown key           | 'depth: [2]\nwidht: [3]'                          | widht: unknown key (did you mean width? allowed:",
        "no close key          | 'colour: [red]'                                   | colour: unknown key (allowed:",
        "nested typo           | 'convergence: {trace_toll: 0.01}'                 | convergence.trace_toll: unknown key (did you mean trace_tol?",
        "unknown nested key    | 'noise: [{name: a, spectrum: [1, 1], colour: red}]' | noise[0].colour: unknown key",
        "asymmetric matrix     | 'noise: [{name: a, matrix: [[1, 0.3], [0.2, 1]]}]' | noise[0]: is not symmetric",
        "not positive definite | 'noise: [{name: a, matrix: [[1, 2], [2, 1]]}]'    | noise[0]: is not positive definite",
        "dimension mismatch    | 'noise: [{name: a, spectrum: [1, 1, 1]}]'         | noise[0].spectrum = [1,1,1]: must be a list of 2",
        "matrix wrong rows     | 'noise: [{name: a, matrix: [[1, 0]]}]'            | noise[0].matrix = [[1,0]]: must be a list of 2 rows",
        "teacher wrong shape   | 'teacher: [{matrix: [[1, 0, 0], [0, 1, 0]]}]'     | teacher[0].matrix[0] = [1,0,0]: must be a row of 2",
        "kappa below one       | 'noise: [{name: a, kappa: 0.5}]'                  | noise[0].kappa = 0.5: must be >= 1",
        "unknown shape         | 'noise: [{name: a, kappa: 5, shape: cubic}]'      | noise[0].shape = cubic: must be geometric",
        "two forms             | 'noise: [{name: a, kappa: 5, spectrum: [1, 1]}]'  | noise[0] = a: needs exactly one of",
        "eta zero              | 'learning_rate: [0]'                              | learning_rate[0] = 0: must be > 0",
        "eta negative          | 'learning_rate: [-0.1]'                           | learning_rate[0] = -0.1: must be > 0",
        "eta NaN               | 'learning_rate: [.nan]'                           | learning_rate[0] = NaN: must be a finite number",
        "eta infinite          | 'learning_rate: [.inf]'                           | learning_rate[0] = Infinity: must be a finite number",
        "eta not a number      | 'learning_rate: [fast]'                           | learning_rate[0] = fast: must be a number",
        "batch zero            | 'batch_size: [0]'                                 | batch_size[0] = 0: must be between 1",
        "batch fractional      | 'batch_size: [2.5]'                               | batch_size[0] = 2.5: must be a whole number",
        "width zero            | 'width: [0]'                                      | width[0] = 0: must be between 1",
        "depth one             | 'depth: [1]'                                      | depth[0] = 1: must be between 2",
        "empty axis            | 'width: []'                                       | width = []: an axis needs at least one value",
        "axis not a list       | 'width: 4'                                        | width = 4: must be a list",
        "missing required      | 'sweep: ~'                                        | sweep: required key is missing",
        "spectrum NaN          | 'noise: [{name: a, spectrum: [1, .nan]}]'         | noise[0].spectrum[1] = NaN: must be a finite number",
        "bad init              | 'init: [glorot]'                                  | init[0] = glorot: must be xavier, kaiming",
        "bad teacher           | 'teacher: [zero]'                                 | teacher[0] = zero: must be identity",
        "duplicate noise name  | 'noise: [{name: a, spectrum: [1, 1]}, {name: a, kappa: 2}]' | noise[1].name = a: names must be unique",
        "zip unequal           | 'zip: [[depth, width]]\nwidth: [2, 4, 8]'          | zip[0] = [depth, width]: zipped axes must have equal lengths",
        "zip unknown axis      | 'zip: [[depth, colour]]'                          | zip[0][1] = colour: must be one of",
        "bad sweep name        | 'sweep: ../../etc'                                | sweep = ../../etc: must be 1-100 characters",
        "replicates zero       | 'replicates: 0'                                   | replicates = 0: must be between 1",
        "bad sampler           | 'sampler: fastest'                                | sampler = fastest: must be one of auto",
        "duplicate key         | 'depth: [2]\ndepth: [3]'                          | invalid YAML",
        "top level not a map   | '- 1\n- 2'                                        | (top level): must be a mapping",
        "unknown model         | 'model: [cnn]'                                    | model[0] = cnn: must be one of linear, mlp, rnn, transformer",
        "unknown model key     | 'model: [{name: mlp, depth: 3}]'                  | model[0].depth: unknown key",
        "rnn key on mlp        | 'model: [{name: mlp, activation: relu}]'          | model[0].activation: unknown key",
        "bad activation        | 'model: [{name: rnn, activation: sigmoid}]'       | model[0].activation = sigmoid: must be tanh or relu",
        "transformer d_x d_y   | 'model: [{name: transformer, d_y: 3}]'            | model[0] = {\"name\":\"transformer\",\"d_y\":3}: a transformer needs d_x = d_y",
        "heads do not divide   | 'model: [{name: transformer, heads: 3}]'          | model[0].heads = 3: must divide d_x = 2",
        "probes below two      | 'model: [{name: mlp, probes: 1}]'                 | model[0].probes = 1: must be between 2",
        "eval size zero        | 'model: [{name: mlp, eval_size: 0}]'              | model[0].eval_size = 0: must be between 1",
        "noise for other dims  | 'model: [{name: mlp, d_y: 3}]'                    | noise[0] = iso: is written for d_y = 2 but model[0] (mlp) has d_y = 3",
        "normalise a matrix    | 'noise: [{name: a, matrix: [[1, 0], [0, 1]], normalise: trace}]' | noise[0].normalise = trace: must be trace, with spectrum or kappa",
        "repeated model        | 'model: [mlp, {name: mlp}]'                       | model[1] = {\"name\":\"mlp\"}: repeats an earlier model entry",
        "unknown init          | 'init: [uniform]'                                 | init[0] = uniform: must be xavier, kaiming, flat, selected, {sharp: F}",
        "sharp not above T*    | 'init: [{sharp: 1}]'                              | init[0].sharp = 1: must be > 1",
        "sharp with a friend   | 'init: [{sharp: 2, flat: 1}]'                     | init[0] = {\"sharp\":2,\"flat\":1}: must be xavier",
        "minimum, nonlinear    | 'init: [selected]\nmodel: [linear, mlp]'          | init[0] = selected: is a minimum of the linear network's theory, but model[1] is mlp",
        "minimum below rank    | 'init: [flat]\nwidth: [1, 2]'                     | width[0] = 1: is below rank V = 2 of teacher[0]: init[0] = flat",
        "both learning rates   | 'learning_rate_relative: [0.1]'                   | learning_rate_relative = [0.1]: cannot be given with learning_rate",
        "budget not positive   | 'budget_relaxation_times: 0'                      | budget_relaxation_times = 0: must be > 0",
        "budget, nonlinear     | 'budget_relaxation_times: 10\nmodel: [linear, mlp]' | budget_relaxation_times = 10: needs the linear theory (lambda*_max, tau), but model[1] is mlp",
        "relaxation times < 0  | 'convergence: {relaxation_times: -1}'             | convergence.relaxation_times = -1: must be between 0",
        "unknown loss          | 'loss: [huber]'                                   | loss[0] = huber: must be mse or cross_entropy",
        "loss not a list       | 'loss: cross_entropy'                             | loss = cross_entropy: must be a list",
        "budget, cross-entropy | 'budget_relaxation_times: 10\nloss: [mse, cross_entropy]' | budget_relaxation_times = 10: needs the linear theory (lambda*_max, tau), which is squared error's, but loss[1] is cross_entropy",
        "minimum, cross-entropy | 'init: [flat]\nloss: [cross_entropy]'           | loss[0] = cross_entropy: has no theory, so init[0] = flat",
        "cross-entropy, d_y 1  | 'd_y: 1\nnoise: [{name: a, spectrum: [1]}]\nteacher: [{matrix: [[1, 0]]}]\nloss: [cross_entropy]' | loss[0] = cross_entropy: needs d_y >= 2"})
    void rejectsBadInputNamingFileKeyValueAndRule(String label, String override, String expected) {
        String yaml = override.startsWith("- ") ? override : sharpsweep.driver.YamlEdits.merge(EXAMPLE, override.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(yaml, "conf/bad.yaml"));
        assertTrue(e.getMessage().startsWith("conf/bad.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + "\n  should contain: " + expected);
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    /** EXAMPLE with learning_rate_relative in place of learning_rate. */
    private static String relative(String rates, String extra) {
        return sharpsweep.driver.YamlEdits.merge(EXAMPLE.replace("learning_rate: [0.01, 0.005]\n",
                "learning_rate_relative: " + rates + "\n"), extra);
    }

    @Test
    void learningRatesAndBudgetsInTheProblemsOwnUnits() {
        SweepConfig c = ConfigReader.parse(relative("[0.1, 0.05]", "budget_relaxation_times: 8\nmax_steps: 1000000000"),
                "r.yaml");
        assertTrue(c.axes().learningRateRelative());
        for (sharpsweep.driver.grid.GridPoint p : sharpsweep.driver.grid.Grid.points(c)) {
            org.ejml.data.DMatrixRMaj id = org.ejml.dense.row.CommonOps_DDRM.identity(2);
            double lambda = sharpsweep.kernel.theory.Theory.predict(p.depth(), id, p.sigmaEps(), id).lambdaMaxPred();
            // η = c / λ*_max exactly as the kernel's theory gives λ*_max; the key keeps c as written.
            assertEquals(p.learningRate().value() / lambda, p.eta(), 0);
            assertTrue(p.key().contains("\"learning_rate_relative\":" + p.learningRate().text()), p.key());
            double tau = sharpsweep.kernel.theory.RelaxationTime.steps(p.depth(), id, p.sigmaEps(), id, p.eta(),
                    p.batchSize());
            // 8 τ, or the verdict's need plus a window where windows (≥ 1,000 steps) are longer than τ.
            double needed = c.convergence().stepsNeeded(tau) + c.convergence().resolve(tau).window();
            assertEquals(Math.min(1_000_000_000L, (long) Math.ceil(Math.max(8 * tau, needed))), p.budget());
            assertEquals(p.budget(), p.taskSpec(1L).maxSteps());
            assertEquals(p.eta(), p.taskSpec(1L).learningRate(), 0);
        }
        // The cap: max_steps 1000 is below 8 τ everywhere.
        SweepConfig capped = ConfigReader.parse(relative("[0.1]", "budget_relaxation_times: 8\nmax_steps: 1000"), "r.yaml");
        assertTrue(sharpsweep.driver.grid.Grid.points(capped).stream().allMatch(p -> p.budget() == 1000));
        // zip may name the key as written.
        SweepConfig zipped = ConfigReader.parse(relative("[0.1, 0.05]",
                "batch_size: [10, 20]\nzip: [[learning_rate_relative, batch_size]]"), "r.yaml");
        assertEquals(List.of(List.of("batch_size", "learning_rate")), zipped.zip().stream()
                .map(g -> g.stream().sorted().toList()).toList());
        // Nonlinear models have no λ*_max.
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.parse(relative("[0.1]", "model: [mlp]"), "r.yaml"));
        assertTrue(e.getMessage().contains("learning_rate_relative = [0.1]: needs the linear theory"), e.getMessage());
    }
}
