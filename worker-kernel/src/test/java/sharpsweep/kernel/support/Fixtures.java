package sharpsweep.kernel.support;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.PopulationLoss;

/** Random problems and finite-difference derivatives for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A random symmetric positive definite matrix with eigenvalues in [0.3, 3] and a random basis. */
    public static DMatrixRMaj randomSpd(int n, long seed) {
        Random rand = new Random(seed);
        DMatrixRMaj q = RandomMatrices_DDRM.orthogonal(n, n, rand);
        DMatrixRMaj d = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            d.set(i, i, 0.3 + 2.7 * rand.nextDouble());
        }
        DMatrixRMaj qd = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(q, d, qd);
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(qd, q, s);
        symmetrise(s);
        return s;
    }

    /** Q diag(λ) Qᵀ with a random orthogonal Q. */
    public static DMatrixRMaj rotated(double[] eigenvalues, long seed) {
        int n = eigenvalues.length;
        DMatrixRMaj q = RandomMatrices_DDRM.orthogonal(n, n, new Random(seed));
        DMatrixRMaj qd = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(q, CommonOps_DDRM.diag(eigenvalues), qd);
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(qd, q, s);
        symmetrise(s);
        return s;
    }

    public static void symmetrise(DMatrixRMaj s) {
        sharpsweep.kernel.linalg.Symmetric.symmetrise(s);
    }

    /** The balanced factorisation of a 2 × 2 V = U S Rᵀ: W_D = U S^{1/D}, W_k = S^{1/D}, W_1 = S^{1/D} Rᵀ. */
    public static DMatrixRMaj[] balanced(int depth, DMatrixRMaj v) {
        var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(2, 2, true, true, false);
        svd.decompose(v.copy());
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj rt = svd.getV(null, true);
        double[] s = svd.getSingularValues();
        DMatrixRMaj root = CommonOps_DDRM.diag(StrictMath.pow(s[0], 1.0 / depth), StrictMath.pow(s[1], 1.0 / depth));
        DMatrixRMaj[] w = new DMatrixRMaj[depth];
        for (int k = 0; k < depth; k++) {
            w[k] = root.copy();
        }
        DMatrixRMaj first = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.mult(root, rt, first);
        w[0] = first;
        DMatrixRMaj last = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.mult(u, root, last);
        w[depth - 1] = last;
        return w;
    }

    public static DMatrixRMaj randomMatrix(int rows, int cols, long seed) {
        return RandomMatrices_DDRM.rectangleGaussian(rows, cols, 0, 1, new Random(seed));
    }

    /** A network with N(0, scale²) weights. */
    public static LinearNetwork randomNetwork(int[] sizes, double scale, long seed) {
        LinearNetwork net = new LinearNetwork(sizes);
        Random rand = new Random(seed);
        for (int j = 0; j < net.depth(); j++) {
            DMatrixRMaj w = net.weight(j);
            for (int i = 0; i < w.getNumElements(); i++) {
                w.data[i] = scale * rand.nextGaussian();
            }
        }
        return net;
    }

    /** The weights as one vector, layer after layer, each row-major. */
    public static double[] flatten(LinearNetwork net) {
        double[] v = new double[net.parameterCount()];
        int o = 0;
        for (int j = 0; j < net.depth(); j++) {
            DMatrixRMaj w = net.weight(j);
            System.arraycopy(w.data, 0, v, o, w.getNumElements());
            o += w.getNumElements();
        }
        return v;
    }

    public static void unflatten(double[] v, LinearNetwork net) {
        int o = 0;
        for (int j = 0; j < net.depth(); j++) {
            DMatrixRMaj w = net.weight(j);
            System.arraycopy(v, o, w.data, 0, w.getNumElements());
            o += w.getNumElements();
        }
    }

    /** The analytic population gradient as one vector. */
    public static double[] gradient(LinearNetwork net, PopulationLoss loss) {
        net.updateForward();
        DMatrixRMaj[] g = net.newGradientBuffers();
        loss.gradient(net, g);
        double[] v = new double[net.parameterCount()];
        int o = 0;
        for (DMatrixRMaj gj : g) {
            System.arraycopy(gj.data, 0, v, o, gj.getNumElements());
            o += gj.getNumElements();
        }
        return v;
    }

    /**
     * The population Hessian assembled column by column from central differences of the analytic
     * gradient (itself checked against differences of the loss in GradientTest), symmetrised.
     * Step h: truncation error O(h²) against rounding O(ε/h); h = 1e-5 balances them near 1e-10.
     */
    public static DMatrixRMaj finiteDifferenceHessian(LinearNetwork net, PopulationLoss loss) {
        double h = 1e-5;
        double[] theta = flatten(net);
        int n = theta.length;
        DMatrixRMaj hess = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            double keep = theta[i];
            theta[i] = keep + h;
            unflatten(theta, net);
            double[] plus = gradient(net, loss);
            theta[i] = keep - h;
            unflatten(theta, net);
            double[] minus = gradient(net, loss);
            theta[i] = keep;
            for (int r = 0; r < n; r++) {
                hess.set(r, i, (plus[r] - minus[r]) / (2 * h));
            }
        }
        unflatten(theta, net);
        net.updateForward();
        net.updateBackward();
        symmetrise(hess);
        return hess;
    }

    public static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** n i.i.d. N(0, scale²) values. */
    public static double[] gaussian(java.util.Random rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }
}
