package sharpsweep.driver.config;

import java.io.Serializable;
import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;

/**
 * One value of the {@code model} axis: {@code linear} or a nonlinear network with its parameters,
 * all of them resolved (defaults written in), so the canonical text says exactly what ran.
 *
 * @param network    the nonlinear network; null for the linear model, whose own parameters (depth,
 *                   teacher matrix, sampler) are grid axes and complete it in {@link #spec}
 * @param dx         input (token) dimension for this model; the config's d_x unless the entry sets it
 * @param dy         output dimension; the config's d_y unless the entry sets it
 * @param maxSteps   this model's step budget; 0: the config's max_steps
 * @param noiseScale multiplies every Σ_ε for this model (1 for linear), e.g. 16/9 to give the transformer the
 *                   paper's √Σ_ε = diag(4, …) from noise written as diag(9, …) for the MLP
 * @param canonical  the resolved parameters as canonical JSON, part of a nonlinear point's key
 */
public record ModelChoice(ModelSpec.Nonlinear network, int dx, int dy, long maxSteps, double noiseScale,
                          String canonical) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The linear model's entry. */
    public static ModelChoice linear(int dx, int dy, long maxSteps, double noiseScale, String canonical) {
        return new ModelChoice(null, dx, dy, maxSteps, noiseScale, canonical);
    }

    /** This model's step budget: its own {@code max_steps}, else the config's. */
    public long maxSteps(long configured) {
        return maxSteps > 0 ? maxSteps : configured;
    }

    /** The config spelling: linear, mlp, rnn or transformer. */
    public String name() {
        return isLinear() ? "linear" : network.label();
    }

    public boolean isLinear() {
        return network == null;
    }

    /** The kernel's model: the network, or the linear model with the grid point's depth, teacher and sampler. */
    public ModelSpec spec(int depth, DMatrixRMaj teacher, Sampler sampler) {
        return isLinear() ? new ModelSpec.Linear(depth, teacher, sampler) : network;
    }
}
