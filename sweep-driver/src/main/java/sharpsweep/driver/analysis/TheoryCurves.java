package sharpsweep.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.MatrixSpec;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.Theory;

/**
 * The closed form drawn densely along a noise family, not only at the grid's κ: a family is the config's noise
 * definitions by {@code kappa} that share everything else (shape, scale, normalisation, rotation), and its curve
 * runs from κ = 1 (where every family is isotropic) to its largest κ, {@value #POINTS} log-spaced values plus the
 * grid's own. Listed spectra and full matrices are single points, not families: they get no curve. Built from the
 * config the table folder keeps ({@code _sharpsweep/config.yaml}); without one, no curves.
 */
public final class TheoryCurves {
    /** Log-spaced points of a curve: smooth at the charts' size (the T* curves bend over a decade or two). */
    static final int POINTS = 60;
    /** No config: every group falls back to the line through its grid values. */
    public static final TheoryCurves NONE = new TheoryCurves(List.of());

    /** A curve: κ(Σ_ε) and the prediction there. */
    public record Point(double kappa, Prediction prediction) {
    }

    private final List<GridPoint> points;

    private TheoryCurves(List<GridPoint> points) {
        this.points = points;
    }

    /** The curves of the sweep that {@code configText} describes; NONE when it is absent or no longer reads. */
    public static TheoryCurves of(String configText) {
        if (configText == null) {
            return NONE;
        }
        try {
            SweepConfig c = ConfigReader.parse(configText, "config.yaml");
            return new TheoryCurves(Grid.points(c).stream().filter(GridPoint::hasTheory).toList());
        } catch (RuntimeException e) {
            return NONE; // a config an older sharpsweep wrote: the charts keep their grid-point lines
        }
    }

    /**
     * The curve of this group's noise family at its depth, input and teacher, or empty when its noise is not a κ
     * family or the group is not in the config.
     */
    public Optional<List<Point>> along(GroupKey key) {
        Optional<GridPoint> match = points.stream().filter(p -> p.depth() == key.depth() && p.dx() == key.dx()
                && p.dy() == key.dy() && p.noise().name().equals(key.noiseName())
                && p.input().name().equals(key.inputName()) && p.teacher().label().equals(key.teacher())).findFirst();
        if (match.isEmpty() || match.get().noise().shape() == null) {
            return Optional.empty();
        }
        GridPoint p = match.get();
        MatrixSpec n = p.noise();
        TreeSet<Double> kappas = new TreeSet<>();
        points.stream().map(GridPoint::noise).filter(o -> sameFamily(o, n)).forEach(o -> kappas.add(o.kappa()));
        double top = kappas.last();
        for (int i = 0; i < POINTS; i++) {
            kappas.add(StrictMath.pow(top, i / (POINTS - 1.0)));
        }
        List<Point> curve = new ArrayList<>();
        for (double kappa : kappas) {
            MatrixSpec at = new MatrixSpec(n.name(), null, kappa, n.shape(), null, n.rotate(), n.scale(),
                    n.traceNormalised(), n.canonical() + "@" + kappa);
            GridPoint q = new GridPoint(p.dx(), p.dy(), p.depth(), p.width(), p.batchSize(), p.learningRate(),
                    p.learningRateRelative(), p.init(), at, p.input(), p.teacher(), p.maxSteps(),
                    p.budgetRelaxationTimes(), p.convergence(), p.convergenceCanonical(), p.trajectoryLength(),
                    p.sampler(), p.model(), p.loss());
            curve.add(new Point(kappa, Theory.predict(q.depth(), q.sigmaX(), q.sigmaEps(), q.teacherMatrix())));
        }
        return Optional.of(curve);
    }

    private static boolean sameFamily(MatrixSpec a, MatrixSpec b) {
        return a.shape() == b.shape() && a.scale() == b.scale() && a.traceNormalised() == b.traceNormalised()
                && java.util.Objects.equals(a.rotate(), b.rotate());
    }
}
