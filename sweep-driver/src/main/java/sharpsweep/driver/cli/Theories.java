package sharpsweep.driver.cli;

import java.util.HashMap;
import java.util.Map;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.Theory;

/** Predictions per point, computed once per (depth, noise, input, teacher): width, b and η do not enter. */
final class Theories {
    private final Map<String, Prediction> cache = new HashMap<>();

    Prediction of(GridPoint p) {
        String key = p.depth() + "|" + p.noise().canonical() + "|" + p.model().noiseScale() + "|" + p.input().canonical()
                + "|" + p.teacher().canonical();
        return cache.computeIfAbsent(key, k -> Theory.predict(p.depth(), p.sigmaX(), p.sigmaEps(), p.teacherMatrix()));
    }

    /** The prediction as the table would hold it: empty when the width is below rank V′ or the model is nonlinear. */
    Prediction forWidth(GridPoint p) {
        if (!p.model().isLinear()) {
            return new Prediction(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Prediction t = of(p);
        return p.width() < t.rank() ? new Prediction(Double.NaN, Double.NaN, Double.NaN, t.rank()) : t;
    }
}
