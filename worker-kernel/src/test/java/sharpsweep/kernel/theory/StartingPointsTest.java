package sharpsweep.kernel.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.linear.Snapshot;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.support.Fixtures;

/** Each minimum start is a global minimum with the sharpness its name says. */
class StartingPointsTest {

    @ParameterizedTest(name = "D={0} width={1} kappa={2}")
    @CsvSource({"2, 2, 100", "2, 4, 10", "3, 2, 10000", "3, 3, 100", "4, 2, 1000"})
    void flatSelectedAndSharpLandWhereTheirNamesSay(int depth, int width, double kappa) {
        DMatrixRMaj sx = Fixtures.randomSpd(2, depth);
        DMatrixRMaj se = Fixtures.rotated(new double[] {1, 1 / kappa}, width);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 2, (long) kappa);
        Prediction p = Theory.predict(depth, sx, se, v);
        // T_min comes from its own closed form (eq. 15), not from the isotropic selected weights used as the start.
        Snapshot flat = at(Init.flat(), depth, width, sx, se, v);
        assertEquals(p.traceMin(), flat.traceHessian(), 1e-9 * p.traceMin(), "flat: T = T_min");
        assertEquals(0, flat.lossGap(), 1e-10, "a global minimum");
        Snapshot selected = at(Init.selected(), depth, width, sx, se, v);
        assertEquals(p.tracePred(), selected.traceHessian(), 1e-9 * p.tracePred(), "selected: T = T*");
        for (double factor : new double[] {1.001, 2, 5}) {
            Snapshot sharp = at(Init.sharp(factor), depth, width, sx, se, v);
            assertEquals(factor * p.tracePred(), sharp.traceHessian(), 1e-9 * p.tracePred(), "sharp " + factor);
            assertEquals(0, sharp.lossGap(), 1e-9 * p.tracePred(), "sharp " + factor + " is on the minimum manifold");
        }
    }

    @Test
    void sharpLeavesAlongTheSlowestMode() {
        // A small move along the slow mode: the drift it causes, E, is (η²/b-free) −ρ times the move of Q.
        DMatrixRMaj sx = Fixtures.randomSpd(2, 31);
        DMatrixRMaj se = Fixtures.rotated(new double[] {1, 0.01}, 32);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 2, 33);
        int depth = 3;
        DMatrixRMaj[] star = Theory.selectedWeights(depth, 2, sx, se, v);
        DMatrixRMaj[] moved = StartingPoints.of(Init.sharp(1.0001), depth, 2, sx, se, v);
        PopulationMeasures measures = new PopulationMeasures(Theory.sizes(depth, 2, 2, 2), sx, se, v);
        double[] q0 = RelaxationTime.coordinates(star, measures);
        double[] q1 = RelaxationTime.coordinates(moved, measures);
        int n = q0.length / 2;
        double rho = RelaxationTime.slowestRate(depth, sx, se, v);
        double dotQE = 0;
        double qq = 0;
        double ee = 0;
        for (int i = 0; i < n; i++) {
            double dq = q1[i] - q0[i];
            double e = q1[n + i];
            dotQE += dq * e;
            qq += dq * dq;
            ee += e * e;
        }
        assertTrue(qq > 0, "the start moved");
        // E parallel to −δQ (cosine −1 to the accuracy of the linearisation) with length ρ‖δQ‖.
        assertEquals(-1, dotQE / Math.sqrt(qq * ee), 1e-3);
        assertEquals(rho, Math.sqrt(ee / qq), 1e-2 * rho);
    }

    @Test
    void belowRankThereIsNoSuchMinimum() {
        DMatrixRMaj id = CommonOps_DDRM.identity(2);
        assertThrows(IllegalArgumentException.class,
                () -> StartingPoints.of(Init.selected(), 2, 1, id, CommonOps_DDRM.diag(1, 0.1), id));
    }

    private static Snapshot at(Init init, int depth, int width, DMatrixRMaj sx, DMatrixRMaj se, DMatrixRMaj v) {
        LinearNetwork net = new LinearNetwork(Theory.sizes(depth, width, 2, 2));
        net.setWeights(StartingPoints.of(init, depth, width, sx, se, v));
        return new PopulationMeasures(Theory.sizes(depth, width, 2, 2), sx, se, v).measure(net);
    }
}
