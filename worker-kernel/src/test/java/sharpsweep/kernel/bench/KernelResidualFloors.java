package sharpsweep.kernel.bench;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.RelaxationTime;
import sharpsweep.kernel.theory.Theory;

/**
 * Where the kernel's equilibrium residual (the balance residual of the last window's mean terms) sits at
 * SGD's stationary state: {@link Kernel#run} from the selected weights for 16 exact relaxation times, as a row
 * of the table reports it, with T/T* and the verdict. Commuting problems (V = Σ_x = I, Σ_ε = diag(1, 1/κ))
 * over η·λ*_max; the non-commuting problem of LinearKernelTest (random Σ_x, Σ_ε, V) at D = 2 and 3 over η,
 * b and the seed. Run:
 * {@code mvn -B -q -pl worker-kernel test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=sharpsweep.kernel.bench.KernelResidualFloors}
 */
public final class KernelResidualFloors {
    private KernelResidualFloors() {
    }

    public static void main(String[] args) {
        System.out.println("case | D | eta*lambda* | b | seed | residual | T/T* | verdict");
        DMatrixRMaj id = CommonOps_DDRM.identity(2);
        for (int depth : new int[] {2, 3}) {
            for (double kappa : new double[] {10, 100}) {
                for (double rel : new double[] {0.2, 0.1, 0.05}) {
                    run("commuting k" + (int) kappa, depth, id, CommonOps_DDRM.diag(1, 1 / kappa), id, rel, 4, 7);
                }
            }
        }
        DMatrixRMaj sx = Fixtures.randomSpd(2, 61);
        DMatrixRMaj se = Fixtures.randomSpd(2, 62);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 2, 63);
        for (int depth : new int[] {2, 3}) {
            for (double rel : new double[] {0.1, 0.05, 0.025}) {
                run("non-commuting", depth, sx, se, v, rel, 10, 1);
            }
            for (int b : new int[] {40, 160}) {
                run("non-commuting", depth, sx, se, v, 0.1, b, 1);
            }
            for (long seed = 2; seed <= 4; seed++) {
                run("non-commuting", depth, sx, se, v, 0.1, 10, seed);
            }
        }
    }

    private static void run(String name, int depth, DMatrixRMaj sx, DMatrixRMaj se, DMatrixRMaj v, double rel, int b,
                            long seed) {
        double lambda = Theory.predict(depth, sx, se, v).lambdaMaxPred();
        double eta = rel / lambda;
        double tau = RelaxationTime.steps(depth, sx, se, v, eta, b);
        ConvergenceSettings never = new ConvergenceSettings(0, 0, 50, 3, 1e-12, 0.05, 0.15, 1e6, 7);
        TaskSpec spec = new TaskSpec(new ModelSpec.Linear(depth, v, Sampler.AUTO), 2, b, eta, Math.round(16 * tau),
                Init.selected(), sx, se, seed, never, 2);
        TaskResult r = Kernel.run(spec);
        System.out.printf(Locale.ROOT, "%s | %d | %.3f | %d | %d | %.4f | %.4f | %s%n", name, depth, rel, b, seed,
                r.equilibriumResidual(), r.traceHessian() / r.tracePred(), r.equilibrium());
    }
}
