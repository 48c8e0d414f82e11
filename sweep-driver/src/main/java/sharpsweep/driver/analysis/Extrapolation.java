package sharpsweep.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The η → 0, η/b → 0 extrapolation of docs/DESIGN.md §3: over the cells of one group (rows that differ
 * only in η, b and replicate), a weighted least-squares fit of T = T0 + a·η + c·η/b. With only η
 * varying the two terms are one (η/b ∝ η), so it fits T0 + a·η; with only b varying it fits
 * T0 + c·η/b (which removes the gradient-noise part only); with one cell there is nothing to fit.
 * Weights are 1 / (variance of the cell mean), from the replicate spread.
 *
 * <p>Statistics (docs/ANALYSIS.md): a fit with as many cells as terms has zero residual degrees of freedom
 * and no error bar (null; the summary's note says why) — the replicate spread alone says nothing about
 * whether T is linear in η; with spare cells the error is scaled up by √(χ²/dof) when the cells scatter more
 * than their error bars, intervals use Student's t with the residual degrees of freedom, and with three or
 * more learning rates the χ² p-value checks linearity.
 */
public final class Extrapolation {
    /** Which terms were fitted; {@link #label} goes into the summary table. */
    public enum Kind {
        ETA_AND_ETA_OVER_B("eta+eta/b"), ETA("eta"), ETA_OVER_B("eta/b"), NONE("none");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One (η, b) cell: the mean of its replicates' values, their sample variance and count. */
    public record Cell(double eta, int batch, double mean, double variance, int n) {
    }

    /**
     * @param intercept T0 (for {@link Kind#NONE}: the plain mean over all rows)
     * @param stderr    standard error of T0; scaled up by √(χ²/dof) when the fit is worse than its
     *                  error bars say (so a wrong model cannot look precise)
     * @param slopes    fitted coefficients of the terms, in the order η, η/b that {@link #kind} names
     * @param chi2PerDof χ² per degree of freedom, NaN without spare degrees of freedom
     * @param dof       residual degrees of freedom: cells − terms for a fit, rows − 1 for a plain mean
     * @param pValue    P(χ²_dof ≥ χ²), the linearity check, with three or more learning rates and a known
     *                  replicate spread; NaN otherwise
     */
    public record Fit(Kind kind, double intercept, double stderr, double[] slopes, double chi2PerDof, int cells,
                      int dof, double pValue) {

        /** Half-width of the 95 % interval: Student's t with {@link #dof} times the standard error; NaN without. */
        public double halfWidth95() {
            return dof > 0 && Double.isFinite(stderr)
                    ? new org.apache.commons.math3.distribution.TDistribution(dof).inverseCumulativeProbability(0.975)
                    * stderr : Double.NaN;
        }
    }

    private Extrapolation() {
    }

    /** Fits the cells of one group; cells with n = 0 are ignored. */
    public static Fit fit(List<Cell> input) {
        List<Cell> cells = input.stream().filter(c -> c.n() > 0).toList();
        if (cells.isEmpty()) {
            return new Fit(Kind.NONE, Double.NaN, Double.NaN, new double[0], Double.NaN, 0, 0, Double.NaN);
        }
        double[] sigma2 = meanVariances(cells);
        boolean spreadKnown = cells.stream().anyMatch(c -> c.n() >= 2 && Double.isFinite(c.variance()));
        TreeSet<Double> etas = new TreeSet<>();
        TreeSet<Integer> batches = new TreeSet<>();
        TreeSet<Double> ratios = new TreeSet<>();
        for (Cell c : cells) {
            etas.add(c.eta());
            batches.add(c.batch());
            ratios.add(c.eta() / c.batch());
        }
        if (cells.size() == 1) {
            return pooledMean(cells, sigma2);
        }
        if (etas.size() > 1 && batches.size() > 1 && cells.size() >= 3) {
            Fit full = solve(Kind.ETA_AND_ETA_OVER_B, cells, sigma2, spreadKnown);
            if (full != null) {
                return full;
            }
        }
        // One term: η when b is fixed; η/b when η is fixed or when the cells do not pin down both terms.
        Kind kind = batches.size() == 1 ? Kind.ETA : Kind.ETA_OVER_B;
        if (kind == Kind.ETA_OVER_B && ratios.size() == 1) {
            return pooledMean(cells, sigma2);
        }
        Fit one = solve(kind, cells, sigma2, spreadKnown);
        return one != null ? one : pooledMean(cells, sigma2);
    }

    /**
     * The variance of each cell mean. A cell's own replicate variance from 2–3 replicates can be off
     * by 10× by chance and would then dominate the fit, so it is shrunk towards the pooled variance
     * with two degrees of freedom' worth of weight; a single-replicate cell takes the pooled value.
     * With no replicates anywhere all cells get equal weight (ordinary least squares).
     */
    static double[] meanVariances(List<Cell> cells) {
        double pooledSum = 0;
        int pooledDof = 0;
        double scale = 0;
        for (Cell c : cells) {
            if (c.n() >= 2 && Double.isFinite(c.variance())) {
                pooledSum += (c.n() - 1) * c.variance();
                pooledDof += c.n() - 1;
            }
            scale = Math.max(scale, Math.abs(c.mean()));
        }
        double pooled = pooledDof > 0 ? pooledSum / pooledDof : 1.0;
        // Floor far below any real spread (doubles carry ~1e-16 relative): only stops a division by 0.
        double floor = Math.max(1e-24, 1e-20 * scale * scale);
        double[] s = new double[cells.size()];
        for (int i = 0; i < s.length; i++) {
            Cell c = cells.get(i);
            double v = c.n() >= 2 && Double.isFinite(c.variance())
                    ? ((c.n() - 1) * c.variance() + 2 * pooled) / (c.n() + 1)
                    : pooled;
            s[i] = Math.max(v, floor) / c.n();
        }
        return s;
    }

    private static Fit pooledMean(List<Cell> cells, double[] sigma2) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (Cell c : cells) {
            sum += c.mean() * c.n();
            n += c.n();
        }
        double mean = sum / n;
        for (Cell c : cells) {
            // Total sum of squares around the grand mean: within-cell plus between-cell parts.
            sumSq += (c.n() - 1) * (Double.isFinite(c.variance()) ? c.variance() : 0)
                    + c.n() * (c.mean() - mean) * (c.mean() - mean);
        }
        double stderr = n > 1 ? Math.sqrt(sumSq / (n - 1) / n) : Double.NaN;
        return new Fit(Kind.NONE, mean, stderr, new double[0], Double.NaN, cells.size(), Math.max(0, n - 1),
                Double.NaN);
    }

    /**
     * Weighted least squares; null when the design matrix is singular for these cells. Without any
     * replicate spread the weights are equal and the error comes from the residuals alone.
     */
    private static Fit solve(Kind kind, List<Cell> cells, double[] sigma2, boolean spreadKnown) {
        List<double[]> rows = new ArrayList<>();
        for (Cell c : cells) {
            double ratio = c.eta() / c.batch();
            rows.add(switch (kind) {
                case ETA_AND_ETA_OVER_B -> new double[] {1, c.eta(), ratio};
                case ETA -> new double[] {1, c.eta()};
                case ETA_OVER_B -> new double[] {1, ratio};
                case NONE -> throw new IllegalArgumentException("nothing to solve");
            });
        }
        int p = rows.get(0).length;
        int m = rows.size();
        // Columns are rescaled to unit max so the normal equations stay well conditioned for η ~ 1e-4.
        double[] colScale = new double[p];
        for (double[] r : rows) {
            for (int j = 0; j < p; j++) {
                colScale[j] = Math.max(colScale[j], Math.abs(r[j]));
            }
        }
        DMatrixRMaj xtwx = new DMatrixRMaj(p, p);
        DMatrixRMaj xtwy = new DMatrixRMaj(p, 1);
        for (int i = 0; i < m; i++) {
            double w = 1 / sigma2[i];
            double[] r = rows.get(i);
            for (int j = 0; j < p; j++) {
                double xj = r[j] / colScale[j];
                xtwy.data[j] += w * xj * cells.get(i).mean();
                for (int k = 0; k < p; k++) {
                    xtwx.data[j * p + k] += w * xj * r[k] / colScale[k];
                }
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(p, p);
        // On unit-scaled columns, a condition estimate above 1e10 means two columns carry the same term.
        if (!CommonOps_DDRM.invert(xtwx, cov) || conditionTooLarge(xtwx, cov)) {
            return null;
        }
        DMatrixRMaj beta = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.mult(cov, xtwy, beta);
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            double pred = 0;
            double[] r = rows.get(i);
            for (int j = 0; j < p; j++) {
                pred += r[j] / colScale[j] * beta.data[j];
            }
            double res = cells.get(i).mean() - pred;
            chi2 += res * res / sigma2[i];
        }
        int dof = m - p;
        double chi2PerDof = dof > 0 ? chi2 / dof : Double.NaN;
        // Zero residual dof: no error bar (the cells fix the line exactly; nothing tests it).
        double inflate = dof == 0 ? Double.NaN : spreadKnown ? Math.max(1, chi2PerDof) : chi2PerDof;
        double[] slopes = new double[p - 1];
        for (int j = 1; j < p; j++) {
            slopes[j - 1] = beta.data[j] / colScale[j];
        }
        double stderr = Math.sqrt(cov.get(0, 0) * inflate) / colScale[0];
        long etas = cells.stream().mapToDouble(Cell::eta).distinct().count();
        double pValue = etas >= 3 && dof > 0 && spreadKnown
                ? 1 - new org.apache.commons.math3.distribution.ChiSquaredDistribution(dof).cumulativeProbability(chi2)
                : Double.NaN;
        return new Fit(kind, beta.data[0] / colScale[0], stderr, slopes, chi2PerDof, m, dof, pValue);
    }

    private static boolean conditionTooLarge(DMatrixRMaj a, DMatrixRMaj inverse) {
        double norm = CommonOps_DDRM.elementMaxAbs(a);
        double inverseNorm = CommonOps_DDRM.elementMaxAbs(inverse);
        return !(norm * inverseNorm < 1e10);
    }
}
