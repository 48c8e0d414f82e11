package sharpsweep.driver.grid;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.RelaxationTime;
import sharpsweep.kernel.theory.Theory;

/**
 * A linear point's theory, computed once per (depth, noise, input, teacher) in this JVM: the prediction and the
 * slow rate ρ of its relaxation time τ = b/(η²ρ) (docs/DESIGN.md §3). Width, b and η do not enter either, so a
 * grid of thousands of points costs a handful of computations; the driver (plan, budgets) and the executors
 * (resolved η and budgets) share the cache.
 */
public final class PointTheory {
    private static final Map<String, Prediction> PREDICTIONS = new ConcurrentHashMap<>();
    private static final Map<String, RelaxationTime.Rate> RATES = new ConcurrentHashMap<>();

    private PointTheory() {
    }

    private static String key(GridPoint p) {
        return p.depth() + "|" + p.noise().canonical() + "|" + p.model().noiseScale() + "|" + p.input().canonical()
                + "|" + p.teacher().canonical();
    }

    /** The closed-form prediction of a linear point (whatever its width). */
    public static Prediction of(GridPoint p) {
        return PREDICTIONS.computeIfAbsent(key(p),
                k -> Theory.predict(p.depth(), p.sigmaX(), p.sigmaEps(), p.teacherMatrix()));
    }

    /**
     * The prediction as the table would hold it: empty when the width is below rank V′ or the point has no theory
     * (a nonlinear model, or a loss other than squared error).
     */
    public static Prediction forWidth(GridPoint p) {
        if (!p.hasTheory()) {
            return new Prediction(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Prediction t = of(p);
        return p.width() < t.rank() ? new Prediction(Double.NaN, Double.NaN, Double.NaN, t.rank()) : t;
    }

    /** The slow rate of a linear point: the kernel's own ({@link RelaxationTime#rate}), so budgets match its τ. */
    public static RelaxationTime.Rate rate(GridPoint p) {
        return RATES.computeIfAbsent(key(p),
                k -> RelaxationTime.rate(p.depth(), p.sigmaX(), p.sigmaEps(), p.teacherMatrix()));
    }
}
