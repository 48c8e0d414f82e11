package sharpsweep.driver.analysis;

import java.util.List;

/**
 * The grid columns that define a group: everything of a grid point but η and b (docs/DESIGN.md §6 names).
 * A nonlinear model's depth reads as 0 and its sampler as "" (null in the table); a table older than the loss
 * column (schema 6) reads as {@code mse}.
 * Rows with equal keys differ only in (η, b, replicate), so their T extrapolates to one T(0).
 */
public record GroupKey(String sweep, String model, String modelParams, int depth, int width, String init, int dx,
                       int dy, String noiseName, double noiseKappa, List<Double> noiseSpectrum, String inputName,
                       List<Double> inputSpectrum,
                       String teacher, String sampler, long maxSteps, String loss) {

    /** A squared-error group (the loss column's default). */
    public GroupKey(String sweep, String model, String modelParams, int depth, int width, String init, int dx, int dy,
                    String noiseName, double noiseKappa, List<Double> noiseSpectrum, String inputName,
                    List<Double> inputSpectrum, String teacher, String sampler, long maxSteps) {
        this(sweep, model, modelParams, depth, width, init, dx, dy, noiseName, noiseKappa, noiseSpectrum, inputName,
                inputSpectrum, teacher, sampler, maxSteps, "mse");
    }

    /** The same key with another init: groups that differ only in initialisation. */
    public GroupKey withInit(String other) {
        return new GroupKey(sweep, model, modelParams, depth, width, other, dx, dy, noiseName, noiseKappa, noiseSpectrum,
                inputName, inputSpectrum, teacher, sampler, maxSteps, loss);
    }

    /** The same key with another width. */
    public GroupKey withWidth(int other) {
        return new GroupKey(sweep, model, modelParams, depth, other, init, dx, dy, noiseName, noiseKappa, noiseSpectrum,
                inputName, inputSpectrum, teacher, sampler, maxSteps, loss);
    }

    /** A short label for legends and printed tables. */
    public String label() {
        return (isLinear() ? "D=" + depth : model) + " w=" + width + " " + noiseName + " " + init
                + (isSquaredError() ? "" : " " + loss);
    }

    public boolean isLinear() {
        return model.equals("linear");
    }

    public boolean isSquaredError() {
        return loss.equals("mse");
    }

    /** Whether the linear theory applies: the linear network under squared error. */
    public boolean hasTheory() {
        return isLinear() && isSquaredError();
    }

    /** The same key without the noise: groups that differ only in Σ_ε, for T(κ) / T(isotropic). */
    public GroupKey withoutNoise() {
        return new GroupKey(sweep, model, modelParams, depth, width, init, dx, dy, "", 0, List.of(), inputName,
                inputSpectrum, teacher, sampler, maxSteps, loss);
    }
}
