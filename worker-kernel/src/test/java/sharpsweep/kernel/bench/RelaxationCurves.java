package sharpsweep.kernel.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.MinibatchSampler;
import sharpsweep.kernel.linear.SgdStepper;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.DriftFlow;
import sharpsweep.kernel.theory.RelaxationTime;
import sharpsweep.kernel.theory.Theory;

/**
 * The kernel's own relaxation curves against the exact relaxation time: online SGD (the kernel's sampler and
 * step) from the balanced minimum, V = I or 0.3·I, D = 2, 3, 4, commuting (Σ_x = I, Σ_ε = diag(1, 1/30)) or
 * not (random Σ_x, V, rotated Σ_ε of κ = 30), η·λ*_max = 0.05, b = 4, 8 replicates. What relaxes is Q, the
 * hidden layers' imbalances W_{k+1}ᵀW_{k+1} − W_kW_kᵀ, seen through their eigenvalues (gradient descent
 * conserves Q, so they carry little step-to-step noise). Their replicate mean is recorded every τ_pred/2 up to 12 τ_pred; the
 * plateau is the mean over 10–12 τ_pred; τ_measured is the inverse log-slope of ‖mean Q − plateau‖ between 2
 * and 6 τ_pred. Modes faster than the slowest still contribute there, so the same slope is also taken on the
 * deterministic drift from the same start ({@code DriftFlow}'s equations, in the theory tests): τ_window.
 * Prints one line per case. Run:
 * {@code mvn -B -q -pl worker-kernel test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=sharpsweep.kernel.bench.RelaxationCurves}
 */
public final class RelaxationCurves {
    private static int replicates = 8;
    private static double etaLambda = 0.05;

    private RelaxationCurves() {
    }

    /** No arguments: the twelve cases. Or one case: D V commuting [η·λ*_max [replicates]]. */
    public static void main(String[] args) {
        if (args.length >= 3) {
            etaLambda = args.length > 3 ? Double.parseDouble(args[3]) : etaLambda;
            replicates = args.length > 4 ? Integer.parseInt(args[4]) : replicates;
            measure(Integer.parseInt(args[0]), Double.parseDouble(args[1]), Boolean.parseBoolean(args[2]));
            return;
        }
        System.out.println("D V commuting | tau_pred (steps) | tau_shortcut/tau_pred | tau_measured/tau_pred | tau_window/tau_pred");
        for (int depth = 2; depth <= 4; depth++) {
            for (double scale : new double[] {1, 0.3}) {
                for (boolean commuting : new boolean[] {true, false}) {
                    measure(depth, scale, commuting);
                }
            }
        }
    }

    static void measure(int depth, double scale, boolean commuting) {
        double kappa = 30;
        DMatrixRMaj sx = commuting ? CommonOps_DDRM.identity(2) : Fixtures.randomSpd(2, 5);
        DMatrixRMaj se = commuting ? CommonOps_DDRM.diag(1, 1 / kappa) : Fixtures.rotated(new double[] {1, 1 / kappa}, 6);
        DMatrixRMaj v = commuting ? CommonOps_DDRM.identity(2) : Fixtures.randomMatrix(2, 2, 7);
        CommonOps_DDRM.scale(scale, v);
        int b = 4;
        double eta = etaLambda / Theory.predict(depth, sx, se, v).lambdaMaxPred();
        double tau = RelaxationTime.steps(depth, sx, se, v, eta, b);
        int points = 25; // every τ/2 up to 12 τ
        double[][] q = new double[points][];
        for (int rep = 0; rep < replicates; rep++) {
            LinearNetwork net = new LinearNetwork(Theory.sizes(depth, 2, 2, 2));
            net.setWeights(Fixtures.balanced(depth, v));
            SgdStepper stepper = new SgdStepper(net, new MinibatchSampler(Sampler.AUTO, b, sx, se,
                    new Xoshiro256(1000 + rep, 1)), v, eta);
            long step = 0;
            for (int i = 0; i < points; i++) {
                long target = (long) (0.5 * i * tau);
                while (step < target) {
                    stepper.step();
                    step++;
                }
                double[] here = imbalance(net);
                if (q[i] == null) {
                    q[i] = new double[here.length];
                }
                for (int c = 0; c < here.length; c++) {
                    q[i][c] += here[c] / replicates;
                }
            }
        }
        double measured = windowTau(q, tau);
        double[][] flow = driftCurve(Fixtures.balanced(depth, v), sx, se, v, points, 0.5 * tau * eta * eta / b);
        double window = windowTau(flow, tau);
        double shortcut = Theory.relaxationSteps(eta, b, se, sx);
        System.out.printf("%d %.1f %s | %.4g | %.3f | %.3f | %.3f%n", depth, scale, commuting, tau, shortcut / tau,
                measured / tau, window / tau);
    }

    /** The inverse log-slope of the distance to the plateau (mean of the last 5 points) between 2 and 6 τ. */
    static double windowTau(double[][] q, double tau) {
        int n = q.length;
        double[] plateau = new double[q[0].length];
        for (int i = n - 5; i < n; i++) {
            for (int c = 0; c < plateau.length; c++) {
                plateau[c] += q[i][c] / 5;
            }
        }
        double d4 = distance(q[4], plateau);
        double d12 = distance(q[12], plateau);
        return (12 - 4) * 0.5 * tau / StrictMath.log(d4 / d12);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** Q along the deterministic drift (flow time = steps·η²/b), 200 Euler steps between points. */
    static double[][] driftCurve(DMatrixRMaj[] start, DMatrixRMaj sx, DMatrixRMaj se, DMatrixRMaj v, int points,
                                  double interval) {
        DriftFlow flow = new DriftFlow(start, sx, se, v);
        LinearNetwork net = new LinearNetwork(Theory.sizes(start.length, 2, 2, 2));
        double[][] q = new double[points][];
        for (int i = 0; i < points; i++) {
            net.setWeights(flow.weights());
            q[i] = imbalance(net);
            for (int s = 0; s < 200; s++) {
                flow.step(interval / 200);
            }
        }
        return q;
    }

    /**
     * The eigenvalues of every hidden layer's Q_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ, stacked: rotations of a hidden
     * layer conjugate its Q_k and leave E = 0 (no restoring drift), so Q's entries diffuse along them; the
     * eigenvalues do not.
     */
    static double[] imbalance(LinearNetwork net) {
        int hidden = net.depth() - 1;
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int h = 0; h < hidden; h++) {
            DMatrixRMaj up = net.weight(h + 1);
            DMatrixRMaj down = net.weight(h);
            DMatrixRMaj a = new DMatrixRMaj(up.numCols, up.numCols);
            DMatrixRMaj c = new DMatrixRMaj(down.numRows, down.numRows);
            CommonOps_DDRM.multTransA(up, up, a);
            CommonOps_DDRM.multTransB(down, down, c);
            CommonOps_DDRM.subtractEquals(a, c);
            for (double e : sharpsweep.kernel.theory.Spectral.eigenvalues(a)) {
                out.add(e);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
