package sharpsweep.kernel.spec;

/**
 * Where a run starts. Random: i.i.d. N(0, σ²) entries of each weight matrix with σ from the layer's fan-in
 * and fan-out ({@code xavier}: σ² = 2/(fan_in + fan_out); {@code kaiming}: σ² = 2/fan_in, He's ReLU rule)
 * or a fixed σ ({@code sigma} > 0), e.g. 1e-3 for a small initialisation. Or, for the linear network, a
 * global minimum from the theory (docs/DESIGN.md §3), so that a grid can approach T* from both sides:
 * {@code flat} (the flattest minimum, T = T_min), {@code selected} (the minimum SGD selects, T = T*) and
 * {@code {sharp: F}} (the selected minimum moved along the drift's slowest direction to T = F·T*, F > 1).
 *
 * @param sigma  the fixed σ (FIXED), else NaN
 * @param factor F (SHARP), else NaN
 */
public record Init(Scheme scheme, double sigma, double factor) implements java.io.Serializable {

    public enum Scheme { XAVIER, KAIMING, FIXED, FLAT, SELECTED, SHARP }

    public static Init xavier() {
        return new Init(Scheme.XAVIER, Double.NaN, Double.NaN);
    }

    public static Init kaiming() {
        return new Init(Scheme.KAIMING, Double.NaN, Double.NaN);
    }

    public static Init fixed(double sigma) {
        return new Init(Scheme.FIXED, sigma, Double.NaN);
    }

    public static Init flat() {
        return new Init(Scheme.FLAT, Double.NaN, Double.NaN);
    }

    public static Init selected() {
        return new Init(Scheme.SELECTED, Double.NaN, Double.NaN);
    }

    public static Init sharp(double factor) {
        return new Init(Scheme.SHARP, Double.NaN, factor);
    }

    /** Whether this start is a global minimum from the theory rather than random weights. */
    public boolean isMinimum() {
        return scheme == Scheme.FLAT || scheme == Scheme.SELECTED || scheme == Scheme.SHARP;
    }

    /** Standard deviation of the entries of a fanOut × fanIn matrix (random starts only). */
    public double sigmaFor(int fanIn, int fanOut) {
        return switch (scheme) {
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
            case KAIMING -> Math.sqrt(2.0 / fanIn);
            case FIXED -> sigma;
            case FLAT, SELECTED, SHARP -> throw new IllegalStateException(label() + " is not a random start");
        };
    }

    /** The config spelling: {@code xavier}, {@code kaiming}, the number, {@code flat}, {@code selected}, {@code sharp:F}. */
    public String label() {
        return switch (scheme) {
            case XAVIER -> "xavier";
            case KAIMING -> "kaiming";
            case FIXED -> Double.toString(sigma);
            case FLAT -> "flat";
            case SELECTED -> "selected";
            case SHARP -> "sharp:" + factor;
        };
    }
}
