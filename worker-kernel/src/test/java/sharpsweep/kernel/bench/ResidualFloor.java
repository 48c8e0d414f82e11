package sharpsweep.kernel.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linear.BalanceResidual;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.MinibatchSampler;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.linear.SgdStepper;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.theory.Theory;

/**
 * Measures where the scale-free balance residual sits at SGD's stationary state: online SGD from the
 * selected weights (V = Σ_x = I, Σ_ε = diag(1, 1/κ), width 2), 6 relaxation times τ = b/(2η²λ_min TrΣ_x)
 * to settle, then 400 measurements over 3τ: the mean of the per-snapshot residual, the residual of the
 * window-mean terms, and T/T*. Prints one line per case. Run:
 * {@code mvn -B -q -pl worker-kernel test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=sharpsweep.kernel.bench.ResidualFloor}
 */
public final class ResidualFloor {
    private ResidualFloor() {
    }

    public static void main(String[] args) {
        System.out.println("D kappa eta*lambda* b | steps | residual: per-snapshot mean, of window-mean terms | T/T*");
        for (int depth : new int[] {2, 3}) {
            for (double kappa : new double[] {10, 100}) {
                for (double rel : new double[] {0.2, 0.1, 0.05}) {
                    measure(depth, kappa, rel, 4);
                }
            }
        }
    }

    static void measure(int depth, double kappa, double rel, int b) {
        DMatrixRMaj sx = CommonOps_DDRM.identity(2);
        DMatrixRMaj se = CommonOps_DDRM.diag(1, 1 / kappa);
        DMatrixRMaj v = CommonOps_DDRM.identity(2);
        double eta = rel / Theory.predict(depth, sx, se, v).lambdaMaxPred();
        LinearNetwork net = new LinearNetwork(Theory.sizes(depth, 2, 2, 2));
        net.setWeights(Theory.selectedWeights(depth, 2, sx, se, v));
        SgdStepper stepper = new SgdStepper(net, new MinibatchSampler(Sampler.AUTO, b, sx, se, new Xoshiro256(7, 1)),
                v, eta);
        PopulationMeasures measures = new PopulationMeasures(Theory.sizes(depth, 2, 2, 2), sx, se, v);
        double tau = Theory.relaxationSteps(eta, b, se, sx);
        for (long s = 0; s < (long) (6 * tau); s++) {
            stepper.step();
        }
        int n = 400;
        int every = (int) Math.max(1, 3 * tau / n);
        double snapshotMean = 0;
        double trace = 0;
        DMatrixRMaj[][] sum = null;
        for (int m = 0; m < n; m++) {
            for (int s = 0; s < every; s++) {
                stepper.step();
            }
            DMatrixRMaj[][] t = measures.balanceTerms(net);
            snapshotMean += BalanceResidual.of(t) / n;
            trace += measures.measure(net).traceHessian() / n;
            if (sum == null) {
                sum = t;
            } else {
                for (int k = 0; k < t.length; k++) {
                    CommonOps_DDRM.addEquals(sum[k][0], t[k][0]);
                    CommonOps_DDRM.addEquals(sum[k][1], t[k][1]);
                }
            }
        }
        System.out.printf("%d %.0e %.2f %d | %d | %.4f %.4f | %.4f%n", depth, kappa, rel, b, (long) (6 * tau) + (long) n * every,
                snapshotMean, BalanceResidual.of(sum), trace / Theory.predict(depth, sx, se, v).tracePred());
    }
}
