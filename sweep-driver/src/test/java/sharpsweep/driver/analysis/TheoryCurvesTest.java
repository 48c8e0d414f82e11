package sharpsweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.driver.grid.PointTheory;

/** Dense theory curves against the grid points' own predictions ({@link PointTheory}, the table's trace_pred). */
class TheoryCurvesTest {
    static final String CONFIG = """
            sweep: curves
            d_x: 3
            d_y: 3
            depth: [2, 3]
            width: [4]
            batch_size: [8]
            learning_rate: [0.01]
            noise:
              - {name: iso, spectrum: [1, 1, 1]}
              - {name: g10, kappa: 10, shape: geometric}
              - {name: g100, kappa: 100, shape: geometric}
              - {name: s100, kappa: 100, shape: spike}
              - {name: listed, spectrum: [1, 0.5, 0.1]}
            """;

    private static GroupKey key(GridPoint p) {
        return new GroupKey("curves", "linear", "", p.depth(), p.width(), "xavier", p.dx(), p.dy(), p.noise().name(),
                p.noise().conditionNumber(p.dy()), List.of(), p.input().name(), List.of(), p.teacher().label(),
                "auto", p.maxSteps());
    }

    private static GridPoint point(String noise, int depth) {
        return Grid.points(ConfigReader.parse(CONFIG, "curves.yaml")).stream()
                .filter(p -> p.noise().name().equals(noise) && p.depth() == depth).findFirst().orElseThrow();
    }

    @Test
    void aFamilyCurvePassesThroughEveryGridPointOfItsFamilyAndStartsAtTheMinimum() {
        TheoryCurves curves = TheoryCurves.of(CONFIG);
        for (int depth : new int[] {2, 3}) {
            List<TheoryCurves.Point> c = curves.along(key(point("g100", depth))).orElseThrow();
            assertTrue(c.size() >= TheoryCurves.POINTS, "dense: " + c.size());
            assertEquals(1, c.get(0).kappa(), 1e-12);
            // Isotropic noise: T* = T_min exactly (docs/DESIGN.md §3); rel. 1e-9 covers the solvers' rounding.
            assertEquals(PointTheory.of(point("iso", depth)).traceMin(), c.get(0).prediction().tracePred(),
                    1e-9 * c.get(0).prediction().tracePred());
            for (String grid : new String[] {"g10", "g100"}) {
                double kappa = point(grid, depth).noise().kappa();
                TheoryCurves.Point at = c.stream().filter(q -> Math.abs(q.kappa() - kappa) < 1e-12).findFirst()
                        .orElseThrow(() -> new AssertionError("no curve point at the grid's kappa " + kappa));
                assertEquals(PointTheory.of(point(grid, depth)).tracePred(), at.prediction().tracePred(),
                        1e-9 * at.prediction().tracePred());
            }
            for (int i = 1; i < c.size(); i++) { // T* grows with the anisotropy along a family
                assertTrue(c.get(i).prediction().tracePred() >= c.get(i - 1).prediction().tracePred() * (1 - 1e-12));
            }
        }
    }

    @Test
    void familiesAreNotJoinedAndListedSpectraHaveNoCurve() {
        TheoryCurves curves = TheoryCurves.of(CONFIG);
        List<TheoryCurves.Point> spike = curves.along(key(point("s100", 2))).orElseThrow();
        List<TheoryCurves.Point> geometric = curves.along(key(point("g100", 2))).orElseThrow();
        assertEquals(PointTheory.of(point("s100", 2)).tracePred(), spike.get(spike.size() - 1).prediction().tracePred(),
                1e-9 * spike.get(spike.size() - 1).prediction().tracePred());
        assertNotEquals(spike.get(spike.size() - 1).prediction().tracePred(),
                geometric.get(geometric.size() - 1).prediction().tracePred());
        assertTrue(curves.along(key(point("listed", 2))).isEmpty());
        assertTrue(TheoryCurves.of(null).along(key(point("g100", 2))).isEmpty());
        assertTrue(TheoryCurves.of("not: [a config").along(key(point("g100", 2))).isEmpty());
    }
}
