package sharpsweep.kernel.spec;

/**
 * How a step draws its minibatch. The minibatch-mean gradient depends on the b samples only through
 * M = XXᵀ/b and N = EXᵀ/b, so both ways give the same SGD process in law (docs/DESIGN.md §1).
 */
public enum Sampler {
    /** b fresh (x, ε) pairs, then M and N from them: O((d_x + d_y)·b) normals a step. */
    SAMPLES,
    /**
     * M and N drawn directly from their exact joint law (Bartlett's decomposition of the Wishart
     * matrix ZZᵀ, and N | Z): O(d_x² + d_x·d_y) normals a step, whatever b. Needs b ≥ d_x.
     */
    STATISTICS,
    /** STATISTICS when b ≥ d_x (never more normals), else SAMPLES. */
    AUTO;

    /** The config spelling: auto, samples or statistics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Sampler resolve(int batchSize, int dx) {
        if (this != AUTO) {
            return this;
        }
        return batchSize >= dx ? STATISTICS : SAMPLES;
    }
}
