package sharpsweep.kernel.spec;

/**
 * The training loss of a task (config key {@code loss}, docs/DESIGN.md §1). Squared error is the paper's
 * solvable case and the only one with a theory; cross-entropy is its Fig. 3 variant: a softmax on the network's
 * output against soft targets softmax(y) of the noisy labels y = teacher(x) + ε.
 */
public enum Loss {
    /** ½‖f − y‖². */
    MSE,
    /** KL(q ‖ softmax f) with q = softmax y: cross-entropy less the targets' own entropy, so 0 at a perfect fit. */
    CROSS_ENTROPY;

    /** The config spelling: mse or cross_entropy. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
