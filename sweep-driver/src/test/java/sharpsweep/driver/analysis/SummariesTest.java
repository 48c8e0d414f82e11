package sharpsweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping, status handling and the per-group statistics, on hand-made rows. */
class SummariesTest {
    private static final GroupKey KEY = new GroupKey("s", "linear", "", 2, 4, "xavier", 2, 2, "k4", 4, List.of(1.0, 0.25), "iso",
            List.of(1.0, 1.0), "identity", "auto", 1000);

    /** A schema-3 row: CONVERGED rows reached, MAX_STEPS rows failed a test, the others have no verdict. */
    private static Measurement row(GroupKey key, double eta, int b, int replicate, String status, double trace) {
        String verdict = switch (status) {
            case "CONVERGED" -> "reached";
            case "MAX_STEPS" -> "trace_stability,relaxation_times";
            default -> "";
        };
        return row(key, eta, b, replicate, status, trace, verdict, 1.0);
    }

    private static Measurement row(GroupKey key, double eta, int b, int replicate, String status, double trace,
                                   String verdict, double traceStd) {
        return new Measurement(key, eta, b, replicate, status, 100, trace, trace / 2, new double[] {1.5, 2.5},
                8.538, 8.0, 2.846, 1e4, verdict, traceStd, 50);
    }

    @Test
    void groupsDifferOnlyInEtaBatchAndReplicate() {
        List<Measurement> rows = new ArrayList<>();
        rows.add(row(KEY, 0.01, 8, 0, "CONVERGED", 8.0));
        rows.add(row(KEY, 0.01, 8, 1, "CONVERGED", 8.2));
        rows.add(row(KEY, 0.02, 8, 0, "CONVERGED", 7.6));
        rows.add(row(KEY, 0.02, 8, 1, "DIVERGED", Double.NaN));
        rows.add(row(KEY.withWidth(8), 0.01, 8, 0, "FAILED", Double.NaN));
        List<GroupSummary> out = Summaries.of(rows);
        assertEquals(2, out.size());
        GroupSummary g = out.get(0);
        assertEquals(4, g.key().width());
        assertEquals(4, g.n());
        assertEquals(3, g.converged());
        assertEquals(1, g.diverged());
        assertEquals((8.0 + 8.2 + 7.6) / 3, g.traceMean(), 1e-15);
        assertEquals(2, g.cells().size());
        assertEquals(Extrapolation.Kind.ETA, g.fit().kind());
        // Two cells, one line: T(0) = 8.1 + (8.1 - 7.6) = 8.6 (exact through the two cell means).
        assertEquals(8.6, g.fit().intercept(), 1e-12);
        assertEquals(8.538, g.tracePred(), 0);
        GroupSummary failed = out.get(1);
        assertEquals(1, failed.failed());
        assertTrue(Double.isNaN(failed.traceMean()));
        assertTrue(failed.note().contains("no valid rows"), failed.note());
    }

    @Test
    void maxStepsRowsStandInOnlyWhenNothingConverged() {
        List<Measurement> rows = List.of(row(KEY, 0.01, 8, 0, "MAX_STEPS", 7.0), row(KEY, 0.01, 8, 1, "MAX_STEPS", 7.4));
        GroupSummary g = Summaries.of(rows).get(0);
        assertEquals(7.2, g.traceMean(), 1e-15);
        assertTrue(g.note().contains("not at equilibrium"), g.note());
        assertTrue(!g.atEquilibrium());
        assertTrue(g.note().contains("no extrapolation possible"), g.note());

        List<Measurement> mixed = new ArrayList<>(rows);
        mixed.add(row(KEY, 0.01, 8, 2, "CONVERGED", 8.0));
        GroupSummary m = Summaries.of(mixed).get(0);
        assertEquals(8.0, m.traceMean(), 0);
        assertEquals(2, m.maxSteps());
    }

    @Test
    void schemaTwoRowsKeepTheirRuleMaxStepsPastSevenRelaxationTimesCount() {
        Measurement late = new Measurement(KEY, 0.01, 8, 0, "MAX_STEPS", 70_000, 8.4, 4.2, new double[] {1, 1},
                8.538, 8.0, 2.846, 1e4, "", 1, 50);
        Measurement early = new Measurement(KEY, 0.01, 8, 1, "MAX_STEPS", 69_999, 6.0, 3.0, new double[] {1, 1},
                8.538, 8.0, 2.846, 1e4, "", 1, 50);
        Measurement converged = new Measurement(KEY, 0.01, 8, 2, "CONVERGED", 100, 8.2, 4.1, new double[] {1, 1},
                8.538, 8.0, 2.846, 1e4, "", 1, 50);
        GroupSummary g = Summaries.of(List.of(late, early, converged)).get(0);
        assertEquals(2, g.used());
        assertEquals(2, g.reached());
        assertTrue(g.atEquilibrium());
        assertEquals(8.3, g.traceMean(), 1e-12);
        assertTrue(g.note().contains("1 of 3 rows not reached"), g.note());
    }

    @Test
    void onlyReachedRowsEnterTheMeansWhateverTheirStatus() {
        // A MAX_STEPS row whose every test held counts; a CONVERGED status alone is not the verdict.
        GroupSummary g = Summaries.of(List.of(row(KEY, 0.01, 8, 0, "MAX_STEPS", 8.4, "reached", 1),
                row(KEY, 0.01, 8, 1, "MAX_STEPS", 5.0, "residual,relaxation_times", 1))).get(0);
        assertEquals(1, g.reached());
        assertEquals(8.4, g.traceMean(), 0);
        assertTrue(!g.certified(), "a row not reached: not certified");
    }

    @Test
    void startsArePooledIntoOneGroupWithItsRhat() {
        GroupKey flat = KEY.withInit("flat");
        GroupKey sharp = KEY.withInit("sharp:2");
        // Two chains per start at one (η, b): means 8.0, 8.2 (flat) and 8.1, 8.3 (sharp), window std 1, n = 50.
        List<Measurement> rows = List.of(row(flat, 0.01, 8, 0, "CONVERGED", 8.0), row(flat, 0.01, 8, 1, "CONVERGED", 8.2),
                row(sharp, 0.01, 8, 0, "CONVERGED", 8.1), row(sharp, 0.01, 8, 1, "CONVERGED", 8.3));
        List<GroupSummary> out = Summaries.of(rows);
        assertEquals(3, out.size(), "flat, sharp:2 and the pooled flat+sharp:2");
        GroupSummary pooled = out.stream().filter(s -> s.key().init().equals("flat+sharp:2")).findFirst().orElseThrow();
        assertEquals(4, pooled.n());
        assertEquals(8.15, pooled.traceMean(), 1e-12);
        // By hand: var of the four means = 0.0166667, W = 1, R̂ = √(49/50 + 0.0166667) = 0.998331.
        double expected = Math.sqrt(49.0 / 50 + (0.15 * 0.15 + 0.05 * 0.05 + 0.05 * 0.05 + 0.15 * 0.15) / 3);
        assertEquals(expected, pooled.chains().rhat(), 1e-12);
        assertTrue(pooled.certified());
        // Chains that disagree by far more than their window spread are not certified.
        List<Measurement> apart = List.of(row(flat, 0.01, 8, 0, "CONVERGED", 6.0, "reached", 0.1),
                row(sharp, 0.01, 8, 0, "CONVERGED", 9.0, "reached", 0.1));
        GroupSummary split = Summaries.of(apart).stream().filter(s -> s.key().init().contains("+")).findFirst()
                .orElseThrow();
        assertTrue(split.chains().rhat() > 10, "R̂ " + split.chains().rhat());
        assertTrue(!split.certified());
    }

    @Test
    void lambdaMaxIsExtrapolatedLikeT() {
        GroupSummary g = Summaries.of(List.of(row(KEY, 0.01, 8, 0, "CONVERGED", 8.0),
                row(KEY, 0.02, 8, 0, "CONVERGED", 7.6))).get(0);
        // λ = T/2 in these rows: the same line, halved.
        assertEquals(8.4 / 2, g.lambdaFit().intercept(), 1e-12);
    }

    @Test
    void layerConditionsAreAveragedPerLayer() {
        GroupSummary g = Summaries.of(List.of(row(KEY, 0.01, 8, 0, "CONVERGED", 8.0),
                row(KEY, 0.01, 8, 1, "CONVERGED", 8.0))).get(0);
        assertEquals(1.5, g.layerConditionMean()[0], 0);
        assertEquals(2.5, g.layerConditionMean()[1], 0);
    }

    @Test
    void aGroupDoesNotSplitOnBudgetsThatFollowTheLearningRate() {
        // With budget_relaxation_times the max_steps column is each task's budget; the key keeps the config's cap.
        String key = "{\"batch_size\":100,\"budget_relaxation_times\":12,\"convergence\":{},\"learning_rate_relative\":0.2,"
                + "\"max_steps\":100000000000,\"model\":\"linear\"}";
        assertEquals(100_000_000_000L, Columns.configuredMaxSteps(key, 3_400_000_000L));
        assertEquals(5_000L, Columns.configuredMaxSteps("{}", 5_000L), "a key without it: the column");
        // R̂'s draws per row: measurements_per_window × (stable_windows + 1), defaults 50 and 3.
        assertEquals(200, Columns.windowMeasurements("{}"));
        assertEquals(20 * 6, Columns.windowMeasurements(
                "{\"convergence\":{\"measurements_per_window\":20,\"stable_windows\":5},\"d_x\":2}"));
    }
}
