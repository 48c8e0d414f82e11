package sharpsweep.driver.grid;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import sharpsweep.driver.config.Canonical;
import sharpsweep.driver.config.InitChoice;
import sharpsweep.driver.config.MatrixSpec;
import sharpsweep.driver.config.Scalar;
import sharpsweep.driver.config.TeacherSpec;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * One point of the grid: every parameter of a kernel run but the seed. Light: the noise, input and
 * teacher are their definitions, resolved to matrices only where the task runs.
 */
public record GridPoint(int dx, int dy, int depth, int width, int batchSize, Scalar learningRate, InitChoice init,
                        MatrixSpec noise, MatrixSpec input, TeacherSpec teacher, long maxSteps,
                        ConvergenceSettings convergence, String convergenceCanonical, int trajectoryLength,
                        Sampler sampler) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The canonical key (DESIGN §4): sorted keys, canonical numbers, the definitions as written. It
     * depends only on this point, never on the order of axes or on the other points of the grid.
     */
    public String key() {
        Map<String, String> m = new TreeMap<>();
        m.put("batch_size", Integer.toString(batchSize));
        m.put("convergence", convergenceCanonical);
        m.put("d_x", Integer.toString(dx));
        m.put("d_y", Integer.toString(dy));
        m.put("depth", Integer.toString(depth));
        m.put("init", Canonical.quote(init.label()));
        m.put("input", input.canonical());
        m.put("learning_rate", learningRate.text());
        m.put("max_steps", Long.toString(maxSteps));
        m.put("noise", noise.canonical());
        m.put("sampler", Canonical.quote(sampler.name().toLowerCase()));
        m.put("teacher", teacher.canonical());
        m.put("trajectory_length", Integer.toString(trajectoryLength));
        m.put("width", Integer.toString(width));
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(Canonical.quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
    }

    public DMatrixRMaj sigmaX() {
        return input.resolve(dx);
    }

    public DMatrixRMaj sigmaEps() {
        return noise.resolve(dy);
    }

    public DMatrixRMaj teacherMatrix() {
        return teacher.resolve(dy, dx);
    }

    /** The kernel's task spec for one replicate's seed. */
    public TaskSpec taskSpec(long seed) {
        return new TaskSpec(depth, width, batchSize, learningRate.value(), maxSteps, init.init(), sigmaX(), sigmaEps(),
                teacherMatrix(), seed, convergence, trajectoryLength, sampler);
    }
}
