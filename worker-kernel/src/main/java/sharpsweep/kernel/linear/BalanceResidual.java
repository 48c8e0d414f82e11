package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import sharpsweep.kernel.linalg.Symmetric;

/**
 * How far a linear network's hidden layers are from the noise equilibrium SGD selects, measured in every
 * direction alike (docs/DESIGN.md §2). For each hidden layer k the two terms of
 * E_k = t₁ − t₂, t₁ = Tr(A_{k+1}ᵀΣ_εA_{k+1})·B_{k+1}Σ_xB_{k+1}ᵀ and t₂ = Tr(B_kΣ_xB_kᵀ)·A_kᵀΣ_εA_k,
 * are positive semi-definite and equal at the selected minimum. With S = t₁ + t₂ and μ the eigenvalues of
 * S^{-1/2}t₁S^{-1/2} on the range of S (μ ∈ [0, 1], ½ when balanced), the residual is
 * max over k and μ of |log(μ / (1 − μ))| = max |log eig(t₂⁻¹t₁)|: scale-free, so a quiet noise direction
 * counts as much as a loud one, and zero only when every direction is balanced.
 *
 * <p>Not for the hot path: it allocates (an eigen-decomposition per hidden layer). The terms come from
 * {@link PopulationMeasures#balanceTerms}.
 */
public final class BalanceResidual {
    /**
     * Directions of S below this fraction of its largest eigenvalue are outside the relevant subspace: with
     * width above rank V′ the selected weights leave them exactly empty, and a direction that weak moves T by
     * less than this fraction too.
     */
    static final double RELEVANT = 1e-9;
    /** μ is clipped to [CLIP, 1 − CLIP]: a direction present in one term only scores |log CLIP| ≈ 27.6. */
    static final double CLIP = 1e-12;

    private BalanceResidual() {
    }

    /** The residual of the terms of {@link PopulationMeasures#balanceTerms} (or, e.g., their window means). */
    public static double of(DMatrixRMaj[][] terms) {
        double worst = 0;
        for (DMatrixRMaj[] t : terms) {
            for (double mu : balance(t[0], t[1])) {
                double m = Math.min(1 - CLIP, Math.max(CLIP, mu));
                worst = Math.max(worst, Math.abs(StrictMath.log(m / (1 - m))));
            }
        }
        return worst;
    }

    /** μ: the eigenvalues of S^{-1/2} t₁ S^{-1/2} on the relevant subspace of S = t₁ + t₂. */
    static double[] balance(DMatrixRMaj t1, DMatrixRMaj t2) {
        int n = t1.numRows;
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(t1, t2, s);
        EigenDecomposition_F64<DMatrixRMaj> eig = Symmetric.eigen(s);
        double top = 0;
        for (int i = 0; i < n; i++) {
            top = Math.max(top, eig.getEigenvalue(i).real);
        }
        if (!(top > 0)) {
            return new double[0]; // both terms empty: nothing to balance
        }
        int r = 0;
        for (int i = 0; i < n; i++) {
            r += eig.getEigenvalue(i).real > RELEVANT * top ? 1 : 0;
        }
        DMatrixRMaj basis = new DMatrixRMaj(n, r); // columns u_i / √λ_i of the relevant eigenvectors
        int column = 0;
        for (int i = 0; i < n; i++) {
            double lambda = eig.getEigenvalue(i).real;
            if (lambda > RELEVANT * top) {
                DMatrixRMaj u = eig.getEigenVector(i);
                double scale = 1 / Math.sqrt(lambda);
                for (int row = 0; row < n; row++) {
                    basis.set(row, column, u.get(row) * scale);
                }
                column++;
            }
        }
        DMatrixRMaj left = new DMatrixRMaj(r, n);
        CommonOps_DDRM.multTransA(basis, t1, left);
        DMatrixRMaj m = new DMatrixRMaj(r, r); // basisᵀ t₁ basis
        CommonOps_DDRM.mult(left, basis, m);
        return Symmetric.eigenvalues(m);
    }

}
