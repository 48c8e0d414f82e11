package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.GaussNewtonOperator;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.linalg.LowerFactor;

/**
 * The paper's Theorem 1 with its typos corrected (docs/DESIGN.md §3): closed forms for the sharpness of the
 * minimum SGD selects as η → 0, the least sharpness over all minima, and the selected weights.
 * No SGD here, so the driver can predict without training.
 */
public final class Theory {
    /** Singular values below this fraction of the largest count as zero when taking rank V′. */
    private static final double RANK_TOL = 1e-12;

    private Theory() {
    }

    /** T*, T_min, λ*_max and rank V′ for a depth-D network on (Σ_x, Σ_ε, V). */
    public static Prediction predict(int depth, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        Decomposition v = Decomposition.of(sigmaX, sigmaEps, teacher);
        double d = depth;
        double trS = v.traceS();
        double trE = CommonOps_DDRM.trace(sigmaEps);
        double trX = CommonOps_DDRM.trace(sigmaX);
        int dy = sigmaEps.numRows;

        // Tr[Σ_ε⁻¹ L S Lᵀ] = Σ_i s_i · l_iᵀ Σ_ε⁻¹ l_i
        DMatrixRMaj epsInv = sigmaEps.copy();
        CommonOps_DDRM.invert(epsInv);
        double weighted = 0;
        for (int i = 0; i < v.rank(); i++) {
            DMatrixRMaj l = CommonOps_DDRM.extractColumn(v.left(), i, null);
            DMatrixRMaj el = new DMatrixRMaj(dy, 1);
            CommonOps_DDRM.mult(epsInv, l, el);
            weighted += v.s()[i] * CommonOps_DDRM.dot(l, el);
        }
        double tracePred = (d - 1) * StrictMath.pow(trS, (d - 2) / d) * StrictMath.pow(trE * trX, 1 / d) * weighted
                + dy * StrictMath.pow(trS, 2 * (d - 1) / d) * StrictMath.pow(trX, 1 / d)
                / StrictMath.pow(trE, (d - 1) / d);

        DMatrixRMaj vRootX = new DMatrixRMaj(teacher.numRows, teacher.numCols);
        CommonOps_DDRM.mult(teacher, Spectral.power(sigmaX, 0.5), vRootX);
        double trSHat = 0;
        for (double s : SingularOps_DDRM.singularValues(vRootX)) {
            trSHat += s;
        }
        double traceMin = d * StrictMath.pow(trSHat, 2 * (d - 1) / d) * StrictMath.pow(dy * trX, 1 / d);

        double lambdaMaxPred = Double.NaN;
        if (v.rank() > 0) {
            LinearNetwork selected = new LinearNetwork(sizes(depth, v.rank(), sigmaX.numRows, dy));
            selected.setWeights(selectedWeights(depth, v.rank(), sigmaX, sigmaEps, teacher));
            selected.updateForward();
            selected.updateBackward();
            lambdaMaxPred = Lanczos.largestEigenvalue(new GaussNewtonOperator(selected, new LowerFactor(sigmaX).matrix()));
        }
        return new Prediction(tracePred, traceMin, lambdaMaxPred, v.rank());
    }

    /** rank V′, the least width at which the selected minimum exists. */
    public static int rank(DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        return Decomposition.of(sigmaX, sigmaEps, teacher).rank();
    }

    /**
     * The selected weights W_1..W_D (index 0..D−1) at hidden width {@code width} ≥ rank V′: the rank-r
     * solution of docs/DESIGN.md §3 embedded by U_i = [I_r; 0].
     */
    public static DMatrixRMaj[] selectedWeights(int depth, int width, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps,
                                                DMatrixRMaj teacher) {
        Decomposition v = Decomposition.of(sigmaX, sigmaEps, teacher);
        int r = v.rank();
        if (width < r) {
            throw new IllegalArgumentException("width " + width + " < rank V' = " + r + ": no selected minimum");
        }
        double d = depth;
        double trS = v.traceS();
        double trE = CommonOps_DDRM.trace(sigmaEps);
        double trX = CommonOps_DDRM.trace(sigmaX);
        double first = StrictMath.pow(trS, -(d - 2) / (2 * d)) * StrictMath.pow(trX, (d - 1) / (2 * d))
                * StrictMath.pow(trE, -1 / (2 * d));
        double last = StrictMath.pow(trS, -(d - 2) / (2 * d)) * StrictMath.pow(trE, (d - 1) / (2 * d))
                * StrictMath.pow(trX, -1 / (2 * d));
        double middle = StrictMath.pow(trS, 1 / d) * StrictMath.pow(trE * trX, -1 / (2 * d));
        int dx = sigmaX.numRows;
        int dy = sigmaEps.numRows;

        DMatrixRMaj[] w = new DMatrixRMaj[depth];
        // W_1 = U_1 Σ_1 R Σ_x^{-1/2}: rows i < r are σ_1,i · (R Σ_x^{-1/2})_i
        DMatrixRMaj rx = new DMatrixRMaj(r, dx);
        CommonOps_DDRM.mult(v.right(), Spectral.power(sigmaX, -0.5), rx);
        w[0] = new DMatrixRMaj(width, dx);
        for (int i = 0; i < r; i++) {
            double s = first * Math.sqrt(v.s()[i]);
            for (int c = 0; c < dx; c++) {
                w[0].set(i, c, s * rx.get(i, c));
            }
        }
        for (int j = 1; j < depth - 1; j++) {
            w[j] = new DMatrixRMaj(width, width);
            for (int i = 0; i < r; i++) {
                w[j].set(i, i, middle);
            }
        }
        // W_D = Σ_ε^{-1/2} L Σ_D U_{D−1}ᵀ: column i < r is σ_D,i · (Σ_ε^{-1/2} L)_i
        DMatrixRMaj el = new DMatrixRMaj(dy, r);
        CommonOps_DDRM.mult(Spectral.power(sigmaEps, -0.5), v.left(), el);
        w[depth - 1] = new DMatrixRMaj(dy, width);
        for (int i = 0; i < r; i++) {
            double s = last * Math.sqrt(v.s()[i]);
            for (int row = 0; row < dy; row++) {
                w[depth - 1].set(row, i, s * el.get(row, i));
            }
        }
        return w;
    }

    /** τ = b / (2η²λ_min(Σ_ε)TrΣ_x): steps for SGD's slow drift along the minimum manifold (docs/DESIGN.md §3). */
    public static double relaxationSteps(double learningRate, int batchSize, DMatrixRMaj sigmaEps, DMatrixRMaj sigmaX) {
        double lambdaMin = Spectral.eigenvalues(sigmaEps)[0];
        return batchSize / (2 * learningRate * learningRate * lambdaMin * CommonOps_DDRM.trace(sigmaX));
    }

    /** Layer sizes of a depth-D network of hidden width {@code width}. */
    public static int[] sizes(int depth, int width, int dx, int dy) {
        int[] d = new int[depth + 1];
        java.util.Arrays.fill(d, width);
        d[0] = dx;
        d[depth] = dy;
        return d;
    }

    /** Thin SVD V′ = Σ_ε^{1/2} V Σ_x^{1/2} = L diag(s) R with zero singular values dropped. */
    private record Decomposition(DMatrixRMaj left, double[] s, DMatrixRMaj right) {
        int rank() {
            return s.length;
        }

        double traceS() {
            double t = 0;
            for (double x : s) {
                t += x;
            }
            return t;
        }

        static Decomposition of(DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
            DMatrixRMaj tmp = new DMatrixRMaj(teacher.numRows, teacher.numCols);
            DMatrixRMaj vPrime = new DMatrixRMaj(teacher.numRows, teacher.numCols);
            CommonOps_DDRM.mult(Spectral.power(sigmaEps, 0.5), teacher, tmp);
            CommonOps_DDRM.mult(tmp, Spectral.power(sigmaX, 0.5), vPrime);
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(vPrime.numRows, vPrime.numCols, true, true, true);
            if (!svd.decompose(vPrime.copy())) {
                throw new IllegalArgumentException("SVD of V' failed");
            }
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj vt = svd.getV(null, true);
            SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
            int k = Math.min(w.numRows, w.numCols);
            double top = k > 0 ? w.get(0, 0) : 0;
            int r = 0;
            while (r < k && w.get(r, r) > RANK_TOL * top) {
                r++;
            }
            double[] s = new double[r];
            for (int i = 0; i < r; i++) {
                s[i] = w.get(i, i);
            }
            DMatrixRMaj left = CommonOps_DDRM.extract(u, 0, u.numRows, 0, r);
            DMatrixRMaj right = CommonOps_DDRM.extract(vt, 0, r, 0, vt.numCols);
            return new Decomposition(left, s, right);
        }
    }
}
