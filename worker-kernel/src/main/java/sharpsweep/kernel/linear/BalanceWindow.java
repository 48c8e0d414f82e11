package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;

/**
 * The balance residual of a window's mean terms (docs/DESIGN.md §2, §7): the two terms of every E_k are summed
 * over the window's measurements and {@link BalanceResidual} is taken of the sums when the window closes. The
 * window mean, not the mean of per-snapshot residuals: a single snapshot's balance is dominated by SGD's own
 * fluctuations, the mean terms by the stationary state's displacement along the slow direction (∝ η).
 * {@link BalanceResidual} is scale-free, so sums and means give the same residual.
 */
public final class BalanceWindow {
    private final DMatrixRMaj[][] sums;
    private int count;
    private double closed = Double.NaN;

    public BalanceWindow(PopulationMeasures measures) {
        sums = measures.newTermSums();
    }

    /** Where {@link PopulationMeasures#measure(LinearNetwork, DMatrixRMaj[][])} adds a measurement's terms. */
    public DMatrixRMaj[][] sums() {
        count++;
        return sums;
    }

    /** Ends the window: its residual becomes {@link #residual()}, and the next window starts empty. */
    public void close() {
        if (count == 0) {
            return;
        }
        closed = BalanceResidual.of(sums);
        for (DMatrixRMaj[] t : sums) {
            t[0].zero();
            t[1].zero();
        }
        count = 0;
    }

    /** The residual of the last closed window; the open window's when none has closed; NaN before any. */
    public double residual() {
        return Double.isNaN(closed) && count > 0 ? BalanceResidual.of(sums) : closed;
    }
}
