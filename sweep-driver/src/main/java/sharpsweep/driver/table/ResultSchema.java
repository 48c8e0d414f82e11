package sharpsweep.driver.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TrajectoryPoint;

/**
 * The result table (docs/DESIGN.md §6): one row per task, snake_case columns, each defined once below by its
 * name, type, nullability and value, so the Spark schema and the rows ({@link ResultRows}) cannot disagree
 * and a new column is one edit. Adding a column is fine; renaming one or changing its type or meaning needs
 * {@link #SCHEMA_VERSION} bumped. Not applicable is null (a kernel NaN becomes null).
 */
public final class ResultSchema {
    /**
     * 6: new column {@code loss} (the {@code loss} axis: mse or cross_entropy); {@code equilibrium} of a row without
     * a relaxation time (nonlinear, cross-entropy) is the plateau verdict (kernel version 6).
     * 5: {@code lambda_max} (linear) is the mean, over the windows T averages, of each window's mean-Hessian top
     * eigenvalue (kernel version 5); it was the last window's alone.
     * 4: {@code trace_hessian_stderr} (nonlinear) is the batch-means error over the windows (kernel version 4).
     * 3: {@code equilibrium_residual} is the scale-free balance residual of the window-mean terms,
     * {@code lambda_max} (linear) the top eigenvalue of the window-mean Hessian and {@code relaxation_steps} the
     * exact τ (kernel version 2); new columns {@code equilibrium}, {@code relaxation_times} and
     * {@code learning_rate_relative}; {@code learning_rate} and {@code max_steps} hold the resolved η and budget.
     * 2: the {@code model} axis (nonlinear networks). New columns {@code model}, {@code model_params},
     * {@code trace_hessian_stderr}, {@code lambda_max_stderr}; {@code depth}, {@code sampler} and
     * {@code layer_condition} became nullable (a nonlinear model has none).
     */
    public static final int SCHEMA_VERSION = 6;

    /** What one row is made from. */
    record Source(String sweep, TaskRef task, GridPoint point, TaskResult result) {
    }

    /** One column: its name, Spark type, whether it may be null, and its value for a row. */
    record Column(String name, DataType type, boolean nullable, Function<Source, Object> value) {
    }

    public static final StructType TRAJECTORY_POINT = createStructType(List.of(
            createStructField("step", LongType, false),
            createStructField("trace_hessian", DoubleType, true),
            createStructField("lambda_max", DoubleType, true),
            createStructField("loss_gap", DoubleType, true),
            createStructField("equilibrium_residual", DoubleType, true)));

    static final List<Column> COLUMNS = List.of(
            // identity
            new Column("sweep", StringType, false, Source::sweep),
            new Column("task_id", StringType, false, s -> s.task().taskId()),
            new Column("point_key", StringType, false, s -> s.task().pointKey()),
            new Column("replicate", IntegerType, false, s -> s.task().replicate()),
            new Column("seed", LongType, false, s -> s.task().seed()),
            new Column("kernel_version", StringType, false, s -> Kernel.VERSION),
            new Column("schema_version", IntegerType, false, s -> SCHEMA_VERSION),
            // grid point
            new Column("model", StringType, false, s -> s.point().model().name()),
            new Column("model_params", StringType, true, s -> linear(s) ? null : s.point().model().canonical()),
            new Column("loss", StringType, false, s -> s.point().loss().label()),
            new Column("depth", IntegerType, true, s -> linear(s) ? s.point().depth() : null),
            new Column("width", IntegerType, false, s -> s.point().width()),
            new Column("batch_size", IntegerType, false, s -> s.point().batchSize()),
            new Column("learning_rate", DoubleType, false, s -> s.point().eta()),
            new Column("learning_rate_relative", DoubleType, true, s -> orNull(s.point().learningRateRelativeValue())),
            new Column("max_steps", LongType, false, s -> s.point().budget()),
            new Column("init", StringType, false, s -> s.point().init().label()),
            new Column("d_x", IntegerType, false, s -> s.point().dx()),
            new Column("d_y", IntegerType, false, s -> s.point().dy()),
            new Column("noise_name", StringType, false, s -> s.point().noise().name()),
            new Column("noise_spectrum", createArrayType(DoubleType, false), false, s -> s.point().noiseSpectrum()),
            new Column("noise_kappa", DoubleType, false, s -> s.point().noise().conditionNumber(s.point().dy())),
            new Column("input_name", StringType, false, s -> s.point().input().name()),
            new Column("input_spectrum", createArrayType(DoubleType, false), false,
                    s -> s.point().input().eigenvalues(s.point().dx())),
            new Column("teacher", StringType, false, s -> linear(s) ? s.point().teacher().label() : teacherNetwork(s)),
            new Column("sampler", StringType, true, s -> linear(s) ? s.point().sampler().label() : null),
            // outcome
            new Column("status", StringType, false, s -> s.result().status().name()),
            new Column("message", StringType, false, s -> s.result().message()),
            new Column("steps", LongType, false, s -> s.result().steps()),
            new Column("wall_seconds", DoubleType, false, s -> s.result().wallSeconds()),
            new Column("trace_hessian", DoubleType, true, s -> orNull(s.result().traceHessian())),
            new Column("trace_hessian_std", DoubleType, true, s -> orNull(s.result().traceHessianStd())),
            new Column("trace_hessian_stderr", DoubleType, true, s -> orNull(s.result().traceHessianStderr())),
            new Column("lambda_max", DoubleType, true, s -> orNull(s.result().lambdaMax())),
            new Column("lambda_max_stderr", DoubleType, true, s -> orNull(s.result().lambdaMaxStderr())),
            new Column("lambda_max_gn", DoubleType, true, s -> orNull(s.result().lambdaMaxGaussNewton())),
            new Column("loss_gap", DoubleType, true, s -> orNull(s.result().lossGap())),
            new Column("grad_fluctuation", DoubleType, true, s -> orNull(s.result().gradFluctuation())),
            new Column("equilibrium_residual", DoubleType, true, s -> orNull(s.result().equilibriumResidual())),
            new Column("layer_condition", createArrayType(DoubleType, true), true,
                    s -> layerConditions(s.result().layerCondition())),
            new Column("relaxation_steps", DoubleType, true, s -> orNull(s.result().relaxationSteps())),
            new Column("relaxation_times", DoubleType, true, s -> orNull(s.result().relaxationTimes())),
            new Column("equilibrium", StringType, true, s -> s.result().equilibrium()),
            // theory
            new Column("trace_pred", DoubleType, true, s -> orNull(s.result().tracePred())),
            new Column("trace_min", DoubleType, true, s -> orNull(s.result().traceMin())),
            new Column("lambda_max_pred", DoubleType, true, s -> orNull(s.result().lambdaMaxPred())),
            new Column("trace_rel_err", DoubleType, true, s -> orNull(s.result().traceRelErr())),
            // trajectory
            new Column("trajectory", createArrayType(TRAJECTORY_POINT, false), false,
                    s -> trajectory(s.result().trajectory())));

    public static final StructType SCHEMA = createStructType(COLUMNS.stream()
            .map(c -> createStructField(c.name(), c.type(), c.nullable())).toList());

    private ResultSchema() {
    }

    private static boolean linear(Source s) {
        return s.point().model().isLinear();
    }

    /** A nonlinear point's teacher network, e.g. {@code mlp(width=100,seed=0)}. */
    private static String teacherNetwork(Source s) {
        return s.point().model().name() + "(width=" + s.point().model().network().teacherWidth() + ",seed="
                + s.point().model().network().teacherSeed() + ")";
    }

    /** Arrays, not java.util.List: Spark's row encoder takes JVM arrays (or Scala Seqs) for array columns. */
    private static Row[] trajectory(List<TrajectoryPoint> points) {
        Row[] rows = new Row[points.size()];
        for (int i = 0; i < rows.length; i++) {
            TrajectoryPoint t = points.get(i);
            rows[i] = RowFactory.create(t.step(), orNull(t.traceHessian()), orNull(t.lambdaMax()),
                    orNull(t.lossGap()), orNull(t.equilibriumResidual()));
        }
        return rows;
    }

    private static Double[] layerConditions(double[] kappa) {
        if (kappa == null) {
            return null;
        }
        Double[] out = new Double[kappa.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = orNull(kappa[i]);
        }
        return out;
    }

    /** NaN → null, so readers see "undefined", not a number; ±∞ (e.g. a singular layer's κ) stays. */
    static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
