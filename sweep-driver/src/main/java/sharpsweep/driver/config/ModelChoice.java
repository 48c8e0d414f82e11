package sharpsweep.driver.config;

import java.io.Serializable;
import sharpsweep.kernel.spec.ModelSpec;

/**
 * One value of the {@code model} axis: {@code linear} or a nonlinear network with its parameters,
 * all of them resolved (defaults written in), so the canonical text says exactly what ran.
 *
 * @param dx        input (token) dimension for this model; the config's d_x unless the entry sets it
 * @param dy        output dimension; the config's d_y unless the entry sets it
 * @param maxSteps  this model's step budget; 0: the config's max_steps
 * @param noiseScale multiplies every Σ_ε for this model (1 for linear), e.g. 16/9 to give the transformer the
 *                  paper's √Σ_ε = diag(4, …) from noise written as diag(9, …) for the MLP
 * @param canonical the resolved parameters as canonical JSON, part of a nonlinear point's key
 */
public record ModelChoice(ModelSpec spec, int dx, int dy, long maxSteps, double noiseScale, String canonical)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** This model's step budget: its own {@code max_steps}, else the config's. */
    public long maxSteps(long configured) {
        return maxSteps > 0 ? maxSteps : configured;
    }

    public String name() {
        return spec.kind().label();
    }

    public boolean isLinear() {
        return spec.isLinear();
    }
}
