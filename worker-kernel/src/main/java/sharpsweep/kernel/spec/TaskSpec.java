package sharpsweep.kernel.spec;

import org.ejml.data.DMatrixRMaj;

/**
 * Everything one kernel run needs (docs/DESIGN.md §1): a network ({@code model}, with the parameters only
 * it has) of hidden width {@code width}, trained by online SGD with batch size b and learning rate η on
 * inputs x ~ N(0, Σ_x) (each token, for a sequence model) and labels with noise ε ~ N(0, Σ_ε). The
 * matrices are read, never modified, by the kernel.
 *
 * @param model            the network: {@link ModelSpec.Linear} or a nonlinear teacher–student network
 * @param width            hidden width (d_2 = … = d_D for the linear network)
 * @param batchSize        b, fresh samples a step
 * @param learningRate     η
 * @param maxSteps         step budget
 * @param sigmaX           Σ_x, d_x × d_x, symmetric positive definite
 * @param sigmaEps         Σ_ε, d_y × d_y, symmetric positive definite
 * @param seed             the task's seed (docs/DESIGN.md §4); each purpose uses its own stream of it
 * @param trajectoryLength at most this many log-spaced trajectory points (≤ 256)
 * @param loss             the training loss ({@link Loss#MSE} unless the task names another)
 */
public record TaskSpec(ModelSpec model, int width, int batchSize, double learningRate, long maxSteps, Init init,
                       DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, long seed, ConvergenceSettings convergence,
                       int trajectoryLength, Loss loss) {

    public static final int MAX_TRAJECTORY_LENGTH = 256;

    /** A squared-error task: the paper's solvable case. */
    public TaskSpec(ModelSpec model, int width, int batchSize, double learningRate, long maxSteps, Init init,
                    DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, long seed, ConvergenceSettings convergence,
                    int trajectoryLength) {
        this(model, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, seed, convergence,
                trajectoryLength, Loss.MSE);
    }

    public int dx() {
        return sigmaX.numRows;
    }

    public int dy() {
        return sigmaEps.numRows;
    }

    public TaskSpec withSeed(long newSeed) {
        return new TaskSpec(model, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, newSeed,
                convergence, trajectoryLength, loss);
    }

    public TaskSpec withWidth(int newWidth) {
        return new TaskSpec(model, newWidth, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, seed,
                convergence, trajectoryLength, loss);
    }

    public TaskSpec withModel(ModelSpec newModel) {
        return new TaskSpec(newModel, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, seed,
                convergence, trajectoryLength, loss);
    }

    public TaskSpec withLoss(Loss newLoss) {
        return new TaskSpec(model, width, batchSize, learningRate, maxSteps, init, sigmaX, sigmaEps, seed,
                convergence, trajectoryLength, newLoss);
    }

    public TaskSpec withInit(Init newInit) {
        return new TaskSpec(model, width, batchSize, learningRate, maxSteps, newInit, sigmaX, sigmaEps, seed,
                convergence, trajectoryLength, loss);
    }
}
