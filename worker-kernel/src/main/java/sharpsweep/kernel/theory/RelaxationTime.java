package sharpsweep.kernel.theory;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.linear.LinearNetwork;

/**
 * The relaxation time of SGD's slow drift along the minimum manifold (docs/DESIGN.md §3), exactly. On the
 * manifold gradient descent conserves Q_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ and SGD moves it by (η²/b)·E_k per
 * step on average, E_k = t₁ − t₂ of {@link PopulationMeasures#balanceTerms}. Linearised at the selected weights,
 * dQ/dt = (η²/b)·J·δQ; the slow relaxation time is τ = b / (η²·ρ), ρ the smallest decay rate −Re λ(J) over
 * the modes that decay (rotations of the hidden layers leave E = 0 and are neutral: left out).
 *
 * <p>J is taken numerically: the manifold is walked by symmetric gauges ({@link Gauge}) between hidden layers,
 * and J = (∂E/∂g)(∂Q/∂g)⁻¹ by central differences. The shortcut b/(2η²λ_min(Σ_ε)TrΣ_x) is its order of magnitude
 * (up to 5× short for D = 4, as ρ ∝ ‖V‖^{2(D−2)/D}).
 */
public final class RelaxationTime {
    /** Central-difference step of the gauge: truncation O(h²) against rounding O(ε/h) at unit-scale weights. */
    private static final double STEP = 1e-5;
    /** Eigenvalues of J below this fraction of the largest are neutral (the rotation orbit of the fixed point). */
    private static final double NEUTRAL = 1e-6;

    private RelaxationTime() {
    }

    /**
     * The exact linearisation is used up to this many gauge coordinates ((D − 1)·r(r + 1)/2, r = rank V′):
     * it costs that many pairs of measurements and a dense non-symmetric eigenproblem of that size (~0.1 s at
     * 200). Above it, and without a hidden layer, the shortcut {@link Theory#relaxationSteps} stands in.
     */
    public static final int MAX_EXACT_DIMENSION = 200;

    /**
     * ρ, the slowest decay rate of the drift per unit of η²/b, and whether it is the exact linearisation
     * ({@code exact}) or the shortcut 2λ_min(Σ_ε)TrΣ_x (too many gauge coordinates, or no hidden layer).
     */
    public record Rate(double rho, boolean exact) {
        /** τ in steps for learning rate η and batch size b. */
        public double steps(double learningRate, int batchSize) {
            return batchSize / (learningRate * learningRate * rho);
        }
    }

    /**
     * The slow rate of a grid point: exact when affordable (see {@link #MAX_EXACT_DIMENSION}) and computable (the
     * shortcut otherwise, with {@code exact} false); NaN ρ for rank 0.
     */
    public static Rate rate(int depth, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        int r = Theory.rank(sigmaX, sigmaEps, teacher);
        if (depth >= 2 && r > 0 && (depth - 1) * r * (r + 1) / 2 <= MAX_EXACT_DIMENSION) {
            try {
                return new Rate(slowestRate(depth, sigmaX, sigmaEps, teacher), true);
            } catch (IllegalStateException e) {
                // A degenerate problem (e.g. a near-singular gauge map): the shortcut's order of magnitude stands.
            }
        }
        double shortcut = 1 / Theory.relaxationSteps(1, 1, sigmaEps, sigmaX);
        return new Rate(r == 0 ? Double.NaN : shortcut, false);
    }

    /** τ in steps for learning rate η and batch size b (exact or shortcut, see {@link #rate}); NaN for rank 0. */
    public static double steps(int depth, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher,
                               double learningRate, int batchSize) {
        return rate(depth, sigmaX, sigmaEps, teacher).steps(learningRate, batchSize);
    }

    /** ρ: the slowest decay rate of the drift per unit of η²/b. */
    public static double slowestRate(int depth, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        int r = Theory.rank(sigmaX, sigmaEps, teacher);
        if (r == 0) {
            return Double.NaN;
        }
        return slowMode(Theory.selectedWeights(depth, r, sigmaX, sigmaEps, teacher), sigmaX, sigmaEps, teacher).rate();
    }

    /**
     * The drift's slowest decaying mode at the weights {@code w} (a fixed point of the drift).
     *
     * @param rate  its decay rate ρ per unit of η²/b
     * @param gauge the symmetric gauge coordinates (upper triangles, hidden layer after hidden layer) that move
     *              the weights along it: (∂Q/∂g)⁻¹ times the mode's direction in Q, scaled to a largest entry of 1;
     *              null when the slowest mode is an oscillating pair
     */
    public record Mode(double rate, double[] gauge) {
    }

    /** The slowest decaying mode of the drift linearised at {@code w}. */
    public static Mode slowMode(DMatrixRMaj[] w, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        Linearisation lin = linearise(w, sigmaX, sigmaEps, teacher);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(lin.jacobian().numRows, true, false);
        if (!eig.decompose(lin.jacobian().copy())) {
            throw new IllegalStateException("eigen-decomposition of the drift's Jacobian failed");
        }
        double largest = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            largest = Math.max(largest, eig.getEigenvalue(i).getMagnitude());
        }
        double slowest = Double.POSITIVE_INFINITY;
        int which = -1;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eig.getEigenvalue(i);
            if (lambda.getMagnitude() > NEUTRAL * largest) {
                if (lambda.real >= 0) {
                    throw new IllegalStateException("the selected weights are not a stable point of the drift: "
                            + "eigenvalue " + lambda);
                }
                if (-lambda.real < slowest) {
                    slowest = -lambda.real;
                    which = i;
                }
            }
        }
        DMatrixRMaj direction = eig.getEigenVector(which);
        double[] gauge = null;
        if (direction != null) { // null for a complex pair: the rate stands, the direction is not a real one
            DMatrixRMaj g = new DMatrixRMaj(direction.numRows, 1);
            CommonOps_DDRM.solve(lin.dq(), direction, g);
            CommonOps_DDRM.divide(g, CommonOps_DDRM.elementMaxAbs(g)); // unit size: the largest entry is ±1
            gauge = g.data.clone();
        }
        return new Mode(slowest, gauge);
    }

    /**
     * The drift linearised on the manifold at weights {@code w}: how Q and E move under the symmetric gauges
     * ({@code dq}, {@code de}, in upper-triangle coordinates) and J = de·dq⁻¹, how E responds to a move of Q.
     */
    public record Linearisation(DMatrixRMaj dq, DMatrixRMaj de, DMatrixRMaj jacobian) {
    }

    public static Linearisation linearise(DMatrixRMaj[] w, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps,
                                          DMatrixRMaj teacher) {
        int n = Gauge.dimension(w);
        DMatrixRMaj dq = new DMatrixRMaj(n, n);
        DMatrixRMaj de = new DMatrixRMaj(n, n);
        PopulationMeasures measures = new PopulationMeasures(sizes(w), sigmaX, sigmaEps, teacher);
        for (int column = 0; column < n; column++) {
            double[] unit = new double[n];
            unit[column] = 1;
            double[] plus = coordinates(Gauge.apply(w, unit, STEP), measures);
            double[] minus = coordinates(Gauge.apply(w, unit, -STEP), measures);
            for (int row = 0; row < n; row++) {
                dq.set(row, column, (plus[row] - minus[row]) / (2 * STEP));
                de.set(row, column, (plus[n + row] - minus[n + row]) / (2 * STEP));
            }
        }
        DMatrixRMaj dqInverse = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invert(dq, dqInverse)) {
            throw new IllegalStateException("the symmetric gauges do not reach every direction of Q");
        }
        DMatrixRMaj jacobian = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(de, dqInverse, jacobian);
        return new Linearisation(dq, de, jacobian);
    }

    /** The upper triangles of every Q_h, then of every E_h, at weights {@code w}. */
    public static double[] coordinates(DMatrixRMaj[] w, PopulationMeasures measures) {
        LinearNetwork net = new LinearNetwork(sizes(w));
        net.setWeights(w);
        DMatrixRMaj[][] terms = measures.balanceTerms(net);
        int hidden = w.length - 1;
        java.util.List<Double> q = new java.util.ArrayList<>();
        java.util.List<Double> e = new java.util.ArrayList<>();
        for (int h = 0; h < hidden; h++) {
            int m = w[h].numRows;
            DMatrixRMaj upper = new DMatrixRMaj(m, m);
            DMatrixRMaj lower = new DMatrixRMaj(m, m);
            CommonOps_DDRM.multTransA(w[h + 1], w[h + 1], upper);
            CommonOps_DDRM.multTransB(w[h], w[h], lower);
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    q.add(upper.get(i, j) - lower.get(i, j));
                    e.add(terms[h][0].get(i, j) - terms[h][1].get(i, j));
                }
            }
        }
        double[] out = new double[2 * q.size()];
        for (int i = 0; i < q.size(); i++) {
            out[i] = q.get(i);
            out[q.size() + i] = e.get(i);
        }
        return out;
    }

    /** The layer sizes of weights {@code w}: d_x, the hidden widths, d_y. */
    static int[] sizes(DMatrixRMaj[] w) {
        int[] d = new int[w.length + 1];
        d[0] = w[0].numCols;
        for (int k = 0; k < w.length; k++) {
            d[k + 1] = w[k].numRows;
        }
        return d;
    }
}
