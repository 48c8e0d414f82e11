package sharpsweep.kernel.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.linear.MinibatchSampler;
import sharpsweep.kernel.linear.SgdStepper;
import sharpsweep.kernel.linear.HessianOperator;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.linear.Snapshot;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Sampler;

/**
 * The kernel's hot paths, one thread: a whole SGD step (sampling + matrix work), the sampling alone,
 * one closed-form measurement, and one λ_max (Lanczos on Hessian-vector products). Run through
 * {@link KernelBench}, which prints medians and the profile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
public class KernelBenchmark {
    /** η·λ*_max for the benchmark runs: stable, so the state stays finite however long JMH runs. */
    static final double ETA_LAMBDA = 0.05;

    @Param({"TINY", "MEDIUM", "LARGE"})
    public String shape;

    private LinearNetwork net;
    private MinibatchSampler sampler;
    private SgdStepper stepper;
    private PopulationMeasures measures;
    private HessianOperator hessian;

    @Setup
    public void setup() {
        Shape s = Shape.valueOf(shape);
        DMatrixRMaj id = CommonOps_DDRM.identity(s.d);
        DMatrixRMaj noise = s.noise();
        net = new LinearNetwork(s.sizes());
        net.initialise(Init.xavier(), new Xoshiro256(1, 0));
        sampler = new MinibatchSampler(Sampler.AUTO, s.batch, id, noise, new Xoshiro256(1, 1));
        stepper = new SgdStepper(net, sampler, id, KernelBench.learningRate(s));
        measures = new PopulationMeasures(s.sizes(), id, noise, id);
        hessian = new HessianOperator(net, id, id);
    }

    @Benchmark
    public boolean sgdStep() {
        return stepper.step();
    }

    @Benchmark
    public DMatrixRMaj sample() {
        sampler.draw();
        return sampler.crossMoment();
    }

    @Benchmark
    public Snapshot measure() {
        return measures.measure(net);
    }

    @Benchmark
    public double lambdaMax() {
        hessian.update();
        return Lanczos.largestEigenvalue(hessian);
    }
}
