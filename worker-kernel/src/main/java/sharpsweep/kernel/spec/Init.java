package sharpsweep.kernel.spec;

/**
 * Initialisation of each weight matrix: i.i.d. N(0, σ²) entries with σ from the layer's fan-in and
 * fan-out ({@code xavier}: σ² = 2/(fan_in + fan_out); {@code kaiming}: σ² = 2/fan_in, He's ReLU rule)
 * or a fixed σ ({@code sigma} > 0), e.g. 1e-3 for a small initialisation.
 */
public record Init(Scheme scheme, double sigma) implements java.io.Serializable {

    public enum Scheme { XAVIER, KAIMING, FIXED }

    public static Init xavier() {
        return new Init(Scheme.XAVIER, Double.NaN);
    }

    public static Init kaiming() {
        return new Init(Scheme.KAIMING, Double.NaN);
    }

    public static Init fixed(double sigma) {
        return new Init(Scheme.FIXED, sigma);
    }

    /** Standard deviation of the entries of a fanOut × fanIn matrix. */
    public double sigmaFor(int fanIn, int fanOut) {
        return switch (scheme) {
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
            case KAIMING -> Math.sqrt(2.0 / fanIn);
            case FIXED -> sigma;
        };
    }

    /** The config spelling: {@code xavier}, {@code kaiming} or the number. */
    public String label() {
        return switch (scheme) {
            case XAVIER -> "xavier";
            case KAIMING -> "kaiming";
            case FIXED -> Double.toString(sigma);
        };
    }
}
