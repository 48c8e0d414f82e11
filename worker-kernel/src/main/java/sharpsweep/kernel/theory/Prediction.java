package sharpsweep.kernel.theory;

/**
 * The η → 0 theory of one problem (docs/DESIGN.md §3).
 *
 * @param tracePred     T*, the sharpness of the minimum SGD selects (eq. 14)
 * @param traceMin      T_min, the least sharpness over all global minima (eq. 15)
 * @param lambdaMaxPred λ*_max, top eigenvalue of K at the selected weights
 * @param rank          rank of V′ = Σ_ε^{1/2} V Σ_x^{1/2}: the least width the theory applies to
 */
public record Prediction(double tracePred, double traceMin, double lambdaMaxPred, int rank) {
}
