package sharpsweep.kernel.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.spec.TrajectoryPoint;

/**
 * Golden values: the exact results (hex doubles) of the tasks in {@link GoldenSpecs}, stored in
 * {@code src/test/resources/golden/results.txt} for kernel version {@link Kernel#VERSION}. Any change
 * to the kernel's arithmetic fails here; a deliberate one bumps the kernel version (it is part of every
 * task_id, so old rows are not mixed with new) and regenerates the file with {@link #REGENERATE}.
 */
class GoldenResultsTest {
    static final String REGENERATE = "mvn -B -q -pl worker-kernel test -Dtest=GoldenResultsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dsharpsweep.golden.write=true";
    private static final String RESOURCE = "/golden/results.txt";

    @TestFactory
    Stream<DynamicTest> resultsAreTheGoldenValues() throws IOException {
        Map<String, TaskSpec> specs = GoldenSpecs.all();
        if (Boolean.getBoolean("sharpsweep.golden.write")) {
            write(specs);
        }
        Map<String, String> golden = read();
        assertEquals("kernel_" + Kernel.VERSION, golden.get("version"),
                "golden values are for another kernel version: regenerate them with " + REGENERATE);
        return specs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<String> actual = values(e.getKey(), Kernel.run(e.getValue()));
            for (String line : actual) {
                String key = line.substring(0, line.lastIndexOf(' '));
                assertNotNull(golden.get(key), "no golden value for " + key + ": regenerate them with " + REGENERATE);
                assertEquals(golden.get(key), line.substring(key.length() + 1), "results changed (" + key
                        + "): bump the kernel version (Kernel.VERSION) and regenerate the golden values with "
                        + REGENERATE);
            }
        }));
    }

    /** One line per value: "name field value", doubles as exact hex literals. */
    static List<String> values(String name, TaskResult r) {
        assertFalse(r.message().startsWith("FAILED"), r.message());
        List<String> lines = new ArrayList<>();
        lines.add(name + " status " + r.status());
        lines.add(name + " steps " + r.steps());
        lines.add(name + " trace_hessian " + hex(r.traceHessian()));
        lines.add(name + " trace_hessian_std " + hex(r.traceHessianStd()));
        lines.add(name + " lambda_max " + hex(r.lambdaMax()));
        lines.add(name + " lambda_max_gn " + hex(r.lambdaMaxGaussNewton()));
        lines.add(name + " loss_gap " + hex(r.lossGap()));
        lines.add(name + " grad_fluctuation " + hex(r.gradFluctuation()));
        lines.add(name + " equilibrium_residual " + hex(r.equilibriumResidual()));
        lines.add(name + " trace_pred " + hex(r.tracePred()));
        lines.add(name + " relaxation_steps " + hex(r.relaxationSteps()));
        lines.add(name + " equilibrium " + r.equilibrium());
        lines.add(name + " relaxation_times " + hex(r.relaxationTimes()));
        lines.add(name + " trace_hessian_stderr " + hex(r.traceHessianStderr()));
        lines.add(name + " lambda_max_stderr " + hex(r.lambdaMaxStderr()));
        double[] conditions = r.layerCondition() == null ? new double[0] : r.layerCondition();
        for (int k = 0; k < conditions.length; k++) {
            lines.add(name + " layer_condition[" + k + "] " + hex(conditions[k]));
        }
        List<TrajectoryPoint> t = r.trajectory();
        lines.add(name + " trajectory_points " + t.size());
        for (int i : new int[] {0, t.size() / 2, t.size() - 1}) {
            if (i >= 0 && i < t.size()) {
                TrajectoryPoint p = t.get(i);
                lines.add(name + " trajectory[" + i + "] " + p.step() + "," + hex(p.traceHessian()) + ","
                        + hex(p.lambdaMax()) + "," + hex(p.lossGap()) + "," + hex(p.equilibriumResidual()));
            }
        }
        return lines;
    }

    private static String hex(double v) {
        return Double.toHexString(v);
    }

    private static Map<String, String> read() throws IOException {
        Map<String, String> golden = new LinkedHashMap<>();
        try (InputStream in = GoldenResultsTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing: generate it with " + REGENERATE);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int space = line.lastIndexOf(' ');
                    golden.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        }
        return golden;
    }

    /** Rewrites the source file (the module's working directory is the module). */
    private static void write(Map<String, TaskSpec> specs) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Golden results of GoldenSpecs; regenerate only with a kernel version bump: " + REGENERATE);
        lines.add("version kernel_" + Kernel.VERSION);
        for (Map.Entry<String, TaskSpec> e : specs.entrySet()) {
            lines.addAll(values(e.getKey(), Kernel.run(e.getValue())));
        }
        Path file = Path.of("src/test/resources" + RESOURCE);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        // The test reads the copy on the class path: copy it there too for this run.
        Path copy = Path.of("target/test-classes" + RESOURCE);
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
