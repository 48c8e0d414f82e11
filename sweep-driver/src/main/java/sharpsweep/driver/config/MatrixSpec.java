package sharpsweep.driver.config;

import java.io.Serializable;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.theory.Spectral;

/**
 * A covariance (noise Σ_ε or input Σ_x) as the config defines it: a diagonal {@code spectrum}, a
 * {@code kappa} with a {@code shape} (eigenvalues from 1 down to 1/κ), or a full {@code matrix};
 * optionally turned by a seeded random orthogonal basis ({@code rotate}) and multiplied by
 * {@code scale}; {@code normalise: trace} first divides a spectrum by its mean, so Tr = d·scale whatever
 * κ (for comparing shapes at a fixed total noise). Resolution is deterministic, so every executor
 * builds the same matrix.
 *
 * @param canonical the definition's canonical text, part of the task identity
 */
public record MatrixSpec(String name, double[] spectrum, double kappa, Shape shape, double[][] matrix,
                         Long rotate, double scale, boolean traceNormalised, String canonical) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How eigenvalues fall from 1 to 1/κ over the dimension d. */
    public enum Shape {
        /** λ_i = κ^{−i/(d−1)}. */
        GEOMETRIC,
        /** The first ⌈d/2⌉ at 1, the rest at 1/κ. */
        TWO_LEVEL,
        /** λ_i = (i+1)^{−α}, α = ln κ / ln d. */
        POWER_LAW,
        /** λ_1 = 1, the rest at 1/κ: one loud direction (the paper's nonlinear noise, √Σ_ε = diag(4, 0.04, …)). */
        SPIKE;

        public static Shape parse(String s) {
            return switch (s) {
                case "geometric" -> GEOMETRIC;
                case "two-level" -> TWO_LEVEL;
                case "power-law" -> POWER_LAW;
                case "spike" -> SPIKE;
                default -> null;
            };
        }
    }

    /** The dimension the definition is written for (a spectrum's or matrix's size); 0 when it fits any (kappa). */
    public int writtenSize() {
        return spectrum != null ? spectrum.length : matrix != null ? matrix.length : 0;
    }

    /** The d × d matrix. */
    public DMatrixRMaj resolve(int d) {
        DMatrixRMaj m;
        if (matrix != null) {
            m = new DMatrixRMaj(matrix);
        } else {
            m = CommonOps_DDRM.diag(baseSpectrum(d));
            if (rotate != null) {
                DMatrixRMaj q = orthogonal(d, rotate);
                DMatrixRMaj qd = new DMatrixRMaj(d, d);
                CommonOps_DDRM.mult(q, m, qd);
                CommonOps_DDRM.multTransB(qd, q, m);
                for (int i = 0; i < d; i++) { // exact symmetry despite rounding
                    for (int j = i + 1; j < d; j++) {
                        double v = 0.5 * (m.get(i, j) + m.get(j, i));
                        m.set(i, j, v);
                        m.set(j, i, v);
                    }
                }
            }
        }
        CommonOps_DDRM.scale(scale, m);
        return m;
    }

    /** Eigenvalues of the resolved matrix, largest first. */
    public double[] eigenvalues(int d) {
        double[] e;
        if (matrix != null) {
            e = Spectral.eigenvalues(resolve(d));
        } else {
            e = baseSpectrum(d).clone();
            for (int i = 0; i < e.length; i++) {
                e[i] *= scale;
            }
            Arrays.sort(e);
        }
        double[] desc = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            desc[i] = e[e.length - 1 - i];
        }
        return desc;
    }

    /** κ = λ_max / λ_min of the resolved matrix. */
    public double conditionNumber(int d) {
        double[] e = eigenvalues(d);
        return e[0] / e[e.length - 1];
    }

    private double[] baseSpectrum(int d) {
        double[] e = shapeSpectrum(d);
        if (!traceNormalised) {
            return e;
        }
        double mean = 0;
        for (double v : e) {
            mean += v / e.length;
        }
        double[] out = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            out[i] = e[i] / mean;
        }
        return out;
    }

    private double[] shapeSpectrum(int d) {
        if (spectrum != null) {
            return spectrum;
        }
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = switch (shape) {
                case GEOMETRIC -> d == 1 ? 1 : StrictMath.pow(kappa, -(double) i / (d - 1));
                case TWO_LEVEL -> i < (d + 1) / 2 ? 1 : 1 / kappa;
                case POWER_LAW -> d == 1 ? 1 : StrictMath.pow(i + 1, -StrictMath.log(kappa) / StrictMath.log(d));
                case SPIKE -> i == 0 ? 1 : 1 / kappa;
            };
        }
        if (d > 1) {
            e[d - 1] = 1 / kappa; // exact end point, whatever pow rounded to
        }
        return e;
    }

    /** A seeded Haar-random orthogonal matrix: Q of the QR of a Gaussian matrix, signs fixed by R's diagonal. */
    static DMatrixRMaj orthogonal(int d, long seed) {
        Xoshiro256 rng = new Xoshiro256(seed, 0x526F74L);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        Normal.fill(rng, g.data, d * d);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        if (!qr.decompose(g)) {
            throw new IllegalStateException("QR failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int j = 0; j < d; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < d; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        return q;
    }
}
