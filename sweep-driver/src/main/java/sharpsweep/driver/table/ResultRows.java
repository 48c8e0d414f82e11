package sharpsweep.driver.table;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TrajectoryPoint;

/** A task and its kernel result as one row of {@link ResultSchema#SCHEMA}; NaN becomes null. */
public final class ResultRows {
    private ResultRows() {
    }

    public static Row of(String sweep, TaskRef task, TaskResult r) {
        GridPoint p = task.point();
        // Arrays, not java.util.List: Spark's row encoder takes JVM arrays (or Scala Seqs) for array columns.
        Row[] trajectory = new Row[r.trajectory().size()];
        for (int i = 0; i < trajectory.length; i++) {
            TrajectoryPoint t = r.trajectory().get(i);
            trajectory[i] = RowFactory.create(t.step(), orNull(t.traceHessian()), orNull(t.lambdaMax()),
                    orNull(t.lossGap()), orNull(t.equilibriumResidual()));
        }
        Double[] conditions = null;
        if (r.layerCondition() != null) {
            conditions = new Double[r.layerCondition().length];
            for (int i = 0; i < conditions.length; i++) {
                conditions[i] = orNull(r.layerCondition()[i]);
            }
        }
        boolean linear = p.model().isLinear();
        return RowFactory.create(
                sweep, task.taskId(), task.pointKey(), task.replicate(), task.seed(), Kernel.VERSION,
                ResultSchema.SCHEMA_VERSION,
                p.model().name(), linear ? null : p.model().canonical(), linear ? p.depth() : null,
                p.width(), p.batchSize(), p.learningRate().value(), p.maxSteps(), p.init().label(),
                p.dx(), p.dy(), p.noise().name(), p.noiseSpectrum(),
                p.noise().conditionNumber(p.dy()), p.input().name(), p.input().eigenvalues(p.dx()),
                linear ? p.teacher().label() : teacherLabel(p), linear ? p.sampler().name().toLowerCase() : null,
                r.status().name(), r.message(), r.steps(), r.wallSeconds(),
                orNull(r.traceHessian()), orNull(r.traceHessianStd()), orNull(r.traceHessianStderr()),
                orNull(r.lambdaMax()), orNull(r.lambdaMaxStderr()),
                orNull(r.lambdaMaxGaussNewton()), orNull(r.lossGap()), orNull(r.gradFluctuation()),
                orNull(r.equilibriumResidual()), conditions, orNull(r.relaxationSteps()),
                orNull(r.tracePred()), orNull(r.traceMin()), orNull(r.lambdaMaxPred()), orNull(r.traceRelErr()),
                trajectory);
    }

    /** A nonlinear point's teacher network, e.g. {@code mlp(width=100,seed=0)}. */
    private static String teacherLabel(GridPoint p) {
        return p.model().name() + "(width=" + p.model().network().teacherWidth() + ",seed="
                + p.model().network().teacherSeed() + ")";
    }

    /** NaN → null, so readers see "undefined", not a number; ±∞ (e.g. a singular layer's κ) stays. */
    static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
