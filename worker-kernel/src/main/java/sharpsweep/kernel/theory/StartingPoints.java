package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.spec.Init;

/**
 * Global minima to start a run from (config {@code init}: flat, selected, {sharp: F}), so that a grid can
 * approach T* from below and from above (docs/DESIGN.md §3):
 * <ul>
 *   <li>flat: the selected weights of isotropic noise, which are the flattest minimum (T = T_min: the theory's
 *       T* equals T_min iff Σ_ε ∝ I);</li>
 *   <li>selected: the theory's selected weights (T = T*);</li>
 *   <li>sharp F: the selected weights moved along the drift's slowest mode ({@link RelaxationTime#slowMode}) by
 *       symmetric gauges exp(s·g_h) between hidden layers, which keep the product, until T = F·T*.</li>
 * </ul>
 * A width above rank V′ embeds the rank-width weights (zero rows and columns in the extra directions).
 */
public final class StartingPoints {
    /** T is matched to F·T* to this relative accuracy (bisection on the gauge's size). */
    private static final double MATCH = 1e-12;
    /** Gauge sizes tried before giving up: exp(±64·g) stretches any direction far beyond F·T*. */
    private static final double MAX_SIZE = 64;

    private StartingPoints() {
    }

    /** The weights of a minimum start at hidden width {@code width} (≥ rank V′). */
    public static DMatrixRMaj[] of(Init init, int depth, int width, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps,
                                   DMatrixRMaj teacher) {
        int r = Theory.rank(sigmaX, sigmaEps, teacher);
        if (width < r) {
            throw new IllegalArgumentException("init " + init.label() + ": width " + width + " < rank V' = " + r
                    + ", no global minimum of that kind at this width");
        }
        DMatrixRMaj[] atRank = switch (init.scheme()) {
            case FLAT -> Theory.selectedWeights(depth, r, sigmaX, CommonOps_DDRM.identity(sigmaEps.numRows), teacher);
            case SELECTED -> Theory.selectedWeights(depth, r, sigmaX, sigmaEps, teacher);
            case SHARP -> sharp(init.factor(), depth, r, sigmaX, sigmaEps, teacher);
            case XAVIER, KAIMING, FIXED -> throw new IllegalArgumentException(init.label() + " is a random start");
        };
        return embed(atRank, width);
    }

    private static DMatrixRMaj[] sharp(double factor, int depth, int r, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps,
                                       DMatrixRMaj teacher) {
        if (depth < 2) {
            throw new IllegalArgumentException("sharp needs a hidden layer");
        }
        DMatrixRMaj[] star = Theory.selectedWeights(depth, r, sigmaX, sigmaEps, teacher);
        RelaxationTime.Mode mode = RelaxationTime.slowMode(star, sigmaX, sigmaEps, teacher);
        if (mode.gauge() == null) {
            throw new IllegalArgumentException("sharp: the drift's slowest mode is oscillatory, no real direction");
        }
        double target = factor * Theory.predict(depth, sigmaX, sigmaEps, teacher).tracePred();
        PopulationMeasures measures = new PopulationMeasures(Theory.sizes(depth, r, sigmaX.numRows, sigmaEps.numRows),
                sigmaX, sigmaEps, teacher);
        LinearNetwork net = new LinearNetwork(Theory.sizes(depth, r, sigmaX.numRows, sigmaEps.numRows));
        // Either sign of the mode may raise T: take the one that reaches F·T* at the smaller size.
        double best = Double.NaN;
        for (double sign : new double[] {1, -1}) {
            double lo = 0;
            double hi = 1.0 / 64;
            while (hi <= MAX_SIZE && trace(star, mode.gauge(), sign * hi, net, measures) < target) {
                lo = hi;
                hi *= 2;
            }
            if (hi > MAX_SIZE) {
                continue;
            }
            while (hi - lo > MATCH * hi) {
                double mid = 0.5 * (lo + hi);
                if (trace(star, mode.gauge(), sign * mid, net, measures) < target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if (Double.isNaN(best) || hi < Math.abs(best)) {
                best = sign * hi;
            }
        }
        if (Double.isNaN(best)) {
            throw new IllegalArgumentException("sharp: " + factor + " x T* is not reached along the slow direction");
        }
        return Gauge.apply(star, mode.gauge(), best);
    }

    private static double trace(DMatrixRMaj[] star, double[] gauge, double size, LinearNetwork net,
                                PopulationMeasures measures) {
        net.setWeights(Gauge.apply(star, gauge, size));
        return measures.measure(net).traceHessian();
    }

    /** Rank-width weights embedded at hidden width {@code width}: zero rows and columns in the extra directions. */
    static DMatrixRMaj[] embed(DMatrixRMaj[] w, int width) {
        int depth = w.length;
        DMatrixRMaj[] out = new DMatrixRMaj[depth];
        for (int k = 0; k < depth; k++) {
            int rows = k == depth - 1 ? w[k].numRows : width;
            int cols = k == 0 ? w[k].numCols : width;
            out[k] = new DMatrixRMaj(rows, cols);
            CommonOps_DDRM.insert(w[k], out[k], 0, 0);
        }
        return out;
    }
}
