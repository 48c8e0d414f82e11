package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** plan and predict on the shipped example: counts, table column names, values against the theory class. */
class PlanPredictTest {
    static final String EXAMPLE = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "conf",
            "example.yaml").toString();

    @Test
    void planCountsPointsAndTasks() {
        CliCapture r = CliCapture.run("plan", EXAMPLE);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*points\\s+24\\n.*tasks\\s+72\\n.*"), r.out());
        assertTrue(r.out().contains("T* from 8.000 to 31.55"), r.out());
        assertTrue(r.out().contains("expected time per task"), r.out());
    }

    @Test
    void planListsTauEtaAndBudgetPerPointAndWarnsWhereTheVerdictCannotBeReached() {
        CliCapture r = CliCapture.run("plan", EXAMPLE);
        // D = 2, κ = 100 (Σ_ε = diag(1, 0.01)), b = 10, η = 0.01: τ = b/(η²ρ) with ρ = 0.0392 (theory, D = 2).
        double tau = 10 / (0.01 * 0.01 * sharpsweep.kernel.theory.RelaxationTime.slowestRate(2,
                org.ejml.dense.row.CommonOps_DDRM.identity(2), org.ejml.dense.row.CommonOps_DDRM.diag(1, 0.01),
                org.ejml.dense.row.CommonOps_DDRM.identity(2)));
        String row = r.out().lines().filter(l -> l.matches("linear\\s+2\\s+2\\s+10\\s+xavier\\s+k100\\s+0\\.01000\\s.*"))
                .findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.3g", tau)), row + " vs tau " + tau);
        // The example's k100 budgets are 0.15-0.8 τ: one warning line per group, naming the cap and the need
        // (7 τ of burn-in plus 4 windows, each clamped to 10⁷ steps < τ here: 10.9 τ).
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(4, warnings.stream().filter(l -> l.contains("noise k100")).count(), r.err());
        assertTrue(warnings.stream().anyMatch(l -> l.contains("D=2 width 2 init xavier noise k100: max_steps 2000000 caps"
                + " the budget at 0.20 relaxation times (need 10.9)")), r.err());
        assertTrue(warnings.stream().anyMatch(l -> l.contains("no error bar on T(0)")), r.err());
    }

    @Test
    void predictCsvUsesTheTableColumnsAndTheTheory() {
        CliCapture r = CliCapture.run("predict", EXAMPLE, "--format", "csv");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("point_key,model,depth,width,batch_size,learning_rate,init,noise_name,noise_kappa,input_name,"
                + "teacher,trace_pred,trace_min,lambda_max_pred", lines.get(0));
        assertEquals(25, lines.size(), "one record per grid point");
        // The k100 rows at depth 3: T* and λ* of the reference table (s = 0.1).
        String row = lines.stream().filter(l -> l.contains(",\"linear\",3,2,10,0.01,") && l.contains("\"k100\"")).findFirst().orElseThrow();
        String[] f = row.substring(row.lastIndexOf("\"k100\"")).split(",");
        assertEquals(100.0, Double.parseDouble(f[1]), 1e-9);
        assertEquals(31.550, Double.parseDouble(f[f.length - 3]), 5e-4);
        assertEquals(12.0, Double.parseDouble(f[f.length - 2]), 1e-9);
        assertEquals(19.679, Double.parseDouble(f[f.length - 1]), 5e-4);
    }

    @Test
    void predictJsonHasOneRecordPerPoint() {
        CliCapture r = CliCapture.run("predict", EXAMPLE, "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(24, r.out().lines().filter(l -> l.contains("\"trace_pred\"")).count());
        assertTrue(r.out().strip().startsWith("[") && r.out().strip().endsWith("]"));
    }
}
