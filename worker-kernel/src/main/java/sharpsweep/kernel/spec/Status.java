package sharpsweep.kernel.spec;

/** Outcome of one task (docs/DESIGN.md §5). */
public enum Status {
    /** The convergence rule held. */
    CONVERGED,
    /** Step budget spent; still a valid measurement, the row says how far from equilibrium. */
    MAX_STEPS,
    /** Non-finite or exploding loss; the row keeps the step and the last finite values. */
    DIVERGED,
    /** An exception; the row keeps its message. */
    FAILED
}
