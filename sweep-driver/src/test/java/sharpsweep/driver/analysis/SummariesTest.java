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

    private static Measurement row(GroupKey key, double eta, int b, int replicate, String status, double trace) {
        return new Measurement(key, eta, b, replicate, status, 100, trace, trace / 2, new double[] {1.5, 2.5},
                8.538, 8.0, 2.846, 1e4);
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
    void maxStepsRowsPastSevenRelaxationTimesCountAsEquilibrium() {
        Measurement late = new Measurement(KEY, 0.01, 8, 0, "MAX_STEPS", 70_000, 8.4, 4.2, new double[] {1, 1},
                8.538, 8.0, 2.846, 1e4);
        Measurement early = new Measurement(KEY, 0.01, 8, 1, "MAX_STEPS", 69_999, 6.0, 3.0, new double[] {1, 1},
                8.538, 8.0, 2.846, 1e4);
        GroupSummary g = Summaries.of(List.of(late, early, row(KEY, 0.01, 8, 2, "CONVERGED", 8.2))).get(0);
        assertEquals(2, g.used());
        assertTrue(g.atEquilibrium());
        assertEquals(8.3, g.traceMean(), 1e-12);
        assertTrue(g.note().contains("1 MAX_STEPS rows past 7 relaxation times"), g.note());
    }

    @Test
    void layerConditionsAreAveragedPerLayer() {
        GroupSummary g = Summaries.of(List.of(row(KEY, 0.01, 8, 0, "CONVERGED", 8.0),
                row(KEY, 0.01, 8, 1, "CONVERGED", 8.0))).get(0);
        assertEquals(1.5, g.layerConditionMean()[0], 0);
        assertEquals(2.5, g.layerConditionMean()[1], 0);
    }
}
