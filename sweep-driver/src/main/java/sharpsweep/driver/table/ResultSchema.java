package sharpsweep.driver.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result table (docs/DESIGN.md §6): one row per task, snake_case columns. Adding a column is fine;
 * renaming one or changing its type needs {@link #SCHEMA_VERSION} bumped. Undefined values are null.
 */
public final class ResultSchema {
    /**
     * 2: the {@code model} axis (nonlinear networks). New columns {@code model}, {@code model_params},
     * {@code trace_hessian_stderr}, {@code lambda_max_stderr}; {@code depth}, {@code sampler} and
     * {@code layer_condition} became nullable (a nonlinear model has none).
     */
    public static final int SCHEMA_VERSION = 2;

    public static final StructType TRAJECTORY_POINT = createStructType(List.of(
            createStructField("step", LongType, false),
            createStructField("trace_hessian", DoubleType, true),
            createStructField("lambda_max", DoubleType, true),
            createStructField("loss_gap", DoubleType, true),
            createStructField("equilibrium_residual", DoubleType, true)));

    public static final StructType SCHEMA = createStructType(new StructField[] {
        // identity
        createStructField("sweep", StringType, false),
        createStructField("task_id", StringType, false),
        createStructField("point_key", StringType, false),
        createStructField("replicate", IntegerType, false),
        createStructField("seed", LongType, false),
        createStructField("kernel_version", StringType, false),
        createStructField("schema_version", IntegerType, false),
        // grid point
        createStructField("model", StringType, false),
        createStructField("model_params", StringType, true),
        createStructField("depth", IntegerType, true),
        createStructField("width", IntegerType, false),
        createStructField("batch_size", IntegerType, false),
        createStructField("learning_rate", DoubleType, false),
        createStructField("max_steps", LongType, false),
        createStructField("init", StringType, false),
        createStructField("d_x", IntegerType, false),
        createStructField("d_y", IntegerType, false),
        createStructField("noise_name", StringType, false),
        createStructField("noise_spectrum", createArrayType(DoubleType, false), false),
        createStructField("noise_kappa", DoubleType, false),
        createStructField("input_name", StringType, false),
        createStructField("input_spectrum", createArrayType(DoubleType, false), false),
        createStructField("teacher", StringType, false),
        createStructField("sampler", StringType, true),
        // outcome
        createStructField("status", StringType, false),
        createStructField("message", StringType, false),
        createStructField("steps", LongType, false),
        createStructField("wall_seconds", DoubleType, false),
        createStructField("trace_hessian", DoubleType, true),
        createStructField("trace_hessian_std", DoubleType, true),
        createStructField("trace_hessian_stderr", DoubleType, true),
        createStructField("lambda_max", DoubleType, true),
        createStructField("lambda_max_stderr", DoubleType, true),
        createStructField("lambda_max_gn", DoubleType, true),
        createStructField("loss_gap", DoubleType, true),
        createStructField("grad_fluctuation", DoubleType, true),
        createStructField("equilibrium_residual", DoubleType, true),
        createStructField("layer_condition", createArrayType(DoubleType, true), true),
        createStructField("relaxation_steps", DoubleType, true),
        // theory
        createStructField("trace_pred", DoubleType, true),
        createStructField("trace_min", DoubleType, true),
        createStructField("lambda_max_pred", DoubleType, true),
        createStructField("trace_rel_err", DoubleType, true),
        // trajectory
        createStructField("trajectory", createArrayType(TRAJECTORY_POINT, false), false),
    });

    private ResultSchema() {
    }
}
