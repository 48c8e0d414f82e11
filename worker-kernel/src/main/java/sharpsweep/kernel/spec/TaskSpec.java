package sharpsweep.kernel.spec;

import org.ejml.data.DMatrixRMaj;

/**
 * Everything one kernel run needs (docs/DESIGN.md §1): a depth-D linear network with hidden widths
 * {@code width}, trained by online SGD with batch size b and learning rate η on y = Vx + ε,
 * x ~ N(0, Σ_x), ε ~ N(0, Σ_ε). The matrices are read, never modified, by the kernel.
 *
 * @param depth            D, the number of weight matrices (≥ 2)
 * @param width            hidden width d_2 = … = d_D
 * @param batchSize        b, fresh samples a step
 * @param learningRate     η
 * @param maxSteps         step budget
 * @param sigmaX           Σ_x, d_x × d_x, symmetric positive definite
 * @param sigmaEps         Σ_ε, d_y × d_y, symmetric positive definite
 * @param teacher          V, d_y × d_x
 * @param seed             the task's seed (docs/DESIGN.md §4); init and sampling use separate streams of it
 * @param trajectoryLength at most this many log-spaced trajectory points (≤ 256)
 * @param model            the network: linear (this comment's model) or a nonlinear teacher–student one, which
 *                         ignores depth, teacher and sampler and reads Σ_x as each token's input covariance
 */
public record TaskSpec(int depth, int width, int batchSize, double learningRate, long maxSteps,
                       Init init, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher,
                       long seed, ConvergenceSettings convergence, int trajectoryLength,
                       Sampler sampler, ModelSpec model) {

    /** A linear-network task (docs/DESIGN.md §1). */
    public TaskSpec(int depth, int width, int batchSize, double learningRate, long maxSteps, Init init,
                    DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher, long seed,
                    ConvergenceSettings convergence, int trajectoryLength, Sampler sampler) {
        this(depth, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, teacher, seed, convergence,
                trajectoryLength, sampler, ModelSpec.linear());
    }

    public static final int MAX_TRAJECTORY_LENGTH = 256;

    public int dx() {
        return sigmaX.numRows;
    }

    public int dy() {
        return sigmaEps.numRows;
    }

    /** Layer sizes d_1 = d_x, d_2..d_D = width, d_{D+1} = d_y. */
    public int[] layerSizes() {
        int[] d = new int[depth + 1];
        d[0] = dx();
        for (int k = 1; k < depth; k++) {
            d[k] = width;
        }
        d[depth] = dy();
        return d;
    }

    public TaskSpec withSeed(long newSeed) {
        return new TaskSpec(depth, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps,
                teacher, newSeed, convergence, trajectoryLength, sampler, model);
    }

    public TaskSpec withWidth(int newWidth) {
        return new TaskSpec(depth, newWidth, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps,
                teacher, seed, convergence, trajectoryLength, sampler, model);
    }

    public TaskSpec withBatch(int newBatchSize, double newLearningRate) {
        return new TaskSpec(depth, width, newBatchSize, newLearningRate, maxSteps, init, sigmaX, sigmaEps,
                teacher, seed, convergence, trajectoryLength, sampler, model);
    }

    public TaskSpec withSampler(Sampler newSampler) {
        return new TaskSpec(depth, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps,
                teacher, seed, convergence, trajectoryLength, newSampler, model);
    }
}
