package sharpsweep.driver.analysis;

import java.util.List;

/**
 * The grid columns that define a group: everything of a grid point but η and b (DESIGN §6 names).
 * Rows with equal keys differ only in (η, b, replicate), so their T extrapolates to one T(0).
 */
public record GroupKey(String sweep, int depth, int width, String init, int dx, int dy, String noiseName,
                       double noiseKappa, List<Double> noiseSpectrum, String inputName, List<Double> inputSpectrum,
                       String teacher, String sampler, long maxSteps) {

    /** The same key with another init: groups that differ only in initialisation. */
    public GroupKey withInit(String other) {
        return new GroupKey(sweep, depth, width, other, dx, dy, noiseName, noiseKappa, noiseSpectrum, inputName,
                inputSpectrum, teacher, sampler, maxSteps);
    }

    /** The same key with another width. */
    public GroupKey withWidth(int other) {
        return new GroupKey(sweep, depth, other, init, dx, dy, noiseName, noiseKappa, noiseSpectrum, inputName,
                inputSpectrum, teacher, sampler, maxSteps);
    }

    /** A short label for legends and printed tables. */
    public String label() {
        return "D=" + depth + " w=" + width + " " + noiseName + " " + init;
    }
}
