package sharpsweep.kernel.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.support.Fixtures;

/**
 * The exact relaxation time against a second route: integrating the drift dQ/dt = E itself (never
 * linearised) from the balanced minimum, the way gradient descent from a small initialisation leaves it.
 */
class RelaxationTimeTest {

    @ParameterizedTest(name = "D={0} V={1}·V0 commuting={2}")
    @CsvSource({"2, 1, true", "2, 0.3, false", "3, 1, true", "3, 1, false", "3, 0.3, true", "3, 0.3, false",
        "4, 1, true", "4, 1, false", "4, 0.3, true", "4, 0.3, false"})
    void theDriftFromTheBalancedMinimumEndsAtTStarAtTheSlowestRate(int depth, double scale, boolean commuting) {
        double kappa = 30;
        DMatrixRMaj sx = commuting ? CommonOps_DDRM.identity(2) : Fixtures.randomSpd(2, 5);
        DMatrixRMaj se = commuting ? CommonOps_DDRM.diag(1, 1 / kappa) : Fixtures.rotated(new double[] {1, 1 / kappa}, 6);
        DMatrixRMaj v = commuting ? CommonOps_DDRM.identity(2) : Fixtures.randomMatrix(2, 2, 7);
        CommonOps_DDRM.scale(scale, v);
        double rho = RelaxationTime.slowestRate(depth, sx, se, v);
        double tStar = Theory.predict(depth, sx, se, v).tracePred();
        DriftFlow flow = new DriftFlow(Fixtures.balanced(depth, v), sx, se, v);
        PopulationMeasures measures = new PopulationMeasures(Theory.sizes(depth, 2, 2, 2), sx, se, v);
        LinearNetwork net = new LinearNetwork(Theory.sizes(depth, 2, 2, 2));
        // Euler over 14 relaxation times; dt·ρ = 0.003 biases the measured rate by about that fraction.
        int steps = 5000;
        double dt = 14 / rho / steps;
        double[] logGap = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            net.setWeights(flow.weights());
            logGap[i] = StrictMath.log(Math.abs(measures.measure(net).traceHessian() - tStar));
            if (i < steps) {
                flow.step(dt);
            }
        }
        net.setWeights(flow.weights());
        // e^{-14} of the start's distance is left: the flow's end point is the theory's selected minimum.
        assertEquals(1, measures.measure(net).traceHessian() / tStar, 1e-5, "the drift's end point is T*");
        // Between 8 and 12 relaxation times only the slowest mode is left: its rate is the log-slope.
        int i1 = (int) (8 / rho / dt);
        int i2 = (int) (12 / rho / dt);
        double rate = -(logGap[i2] - logGap[i1]) / ((i2 - i1) * dt);
        assertEquals(1, rate / rho, 0.01, "flow rate " + rate + " vs linearised " + rho);
    }

    @ParameterizedTest(name = "D={0}")
    @CsvSource({"2", "3", "4"})
    void theRateScalesWithTheTeachersSize(int depth) {
        // Homogeneity: V → cV scales every weight by c^{1/D} and E by c^{2(D−1)/D}, Q by c^{2/D}: ρ ∝ c^{2(D−2)/D}.
        DMatrixRMaj sx = Fixtures.randomSpd(2, 11);
        DMatrixRMaj se = Fixtures.rotated(new double[] {1, 0.05}, 12);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 2, 13);
        double rho = RelaxationTime.slowestRate(depth, sx, se, v);
        CommonOps_DDRM.scale(0.3, v);
        double scaled = RelaxationTime.slowestRate(depth, sx, se, v);
        assertEquals(StrictMath.pow(0.3, 2.0 * (depth - 2) / depth), scaled / rho, 1e-4);
    }
}
