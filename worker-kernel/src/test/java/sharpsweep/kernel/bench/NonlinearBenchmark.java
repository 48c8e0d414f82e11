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
import sharpsweep.kernel.spec.Sampler;
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
        ModelSpec.Kind kind = ModelSpec.Kind.valueOf(model.toUpperCase());
        int d = kind == ModelSpec.Kind.TRANSFORMER ? 8 : 2;
        int b = kind == ModelSpec.Kind.TRANSFORMER ? 300 : 100;
        double eta = kind == ModelSpec.Kind.TRANSFORMER ? 0.03 : 0.1;
        double top = kind == ModelSpec.Kind.TRANSFORMER ? 16 : 9;
        double[] noise = new double[d];
        java.util.Arrays.fill(noise, top);
        ModelSpec spec = new ModelSpec(kind, 100, 1, kind == ModelSpec.Kind.MLP ? 0 : 4,
                kind == ModelSpec.Kind.RNN ? "tanh" : null, kind == ModelSpec.Kind.TRANSFORMER ? 2 : 0,
                ModelSpec.DEFAULT_EVAL_SIZE, ModelSpec.DEFAULT_PROBES);
        return new TaskSpec(2, 4, b, eta, Long.MAX_VALUE / 8, Init.kaiming(), CommonOps_DDRM.identity(d),
                CommonOps_DDRM.diag(noise), CommonOps_DDRM.identity(d), 1, ConvergenceSettings.defaults(), 0,
                Sampler.AUTO, spec);
    }

    @Setup
    public void setup() {
        kernel = new NonlinearKernel(paperSpec(model), System.nanoTime());
    }

    @Benchmark
    public boolean sgdStep() {
        return kernel.step();
    }

    @Benchmark
    public NonlinearKernel.Sharpness measure() {
        return kernel.measure(true);
    }
}
