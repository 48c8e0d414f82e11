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
