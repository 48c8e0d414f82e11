package sharpsweep.kernel.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import sharpsweep.kernel.sgd.NonlinearKernel;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The nonlinear kernels at the paper's sizes (conf/paper-fig3-models.yaml), one thread: an SGD step
 * (b fresh samples through teacher and student, backpropagation, update) and one sharpness
 * measurement on the 1000-sample evaluation set (Hutchinson's trace with 100 probes or exact, and
 * Lanczos λ_max, on gradient-difference Hessian-vector products). Run through {@link KernelBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
public class NonlinearBenchmark {
    @Param({"mlp", "rnn", "transformer"})
    public String model;

    private NonlinearKernel kernel;

    /** The paper's sizes and rates: d, b and η as in conf/paper-fig3-models.yaml, student width 4, teacher 100. */
    static TaskSpec paperSpec(String model) {
        boolean transformer = model.equals("transformer");
        int d = transformer ? 8 : 2;
        int b = transformer ? 300 : 100;
        double eta = transformer ? 0.03 : 0.1;
        double top = transformer ? 16 : 9;
        double[] noise = new double[d];
        java.util.Arrays.fill(noise, top);
        int eval = ModelSpec.DEFAULT_EVAL_SIZE;
        int probes = ModelSpec.DEFAULT_PROBES;
        ModelSpec.Nonlinear spec = switch (model) {
            case "mlp" -> new ModelSpec.Mlp(100, 1, eval, probes);
            case "rnn" -> new ModelSpec.Rnn(100, 1, eval, probes, 4, ModelSpec.Activation.TANH);
            default -> new ModelSpec.Transformer(100, 1, eval, probes, 4, 2);
        };
        return new TaskSpec(spec, 4, b, eta, Long.MAX_VALUE / 8, Init.kaiming(), CommonOps_DDRM.identity(d),
                CommonOps_DDRM.diag(noise), 1, ConvergenceSettings.defaults(), 0);
    }

    @Setup
    public void setup() {
        TaskSpec spec = paperSpec(model);
        kernel = new NonlinearKernel(spec);
    }

    @Benchmark
    public boolean sgdStep() {
        return kernel.step();
    }

    @Benchmark
    public sharpsweep.kernel.sgd.Measurement measure() {
        return kernel.measure(true);
    }
}
