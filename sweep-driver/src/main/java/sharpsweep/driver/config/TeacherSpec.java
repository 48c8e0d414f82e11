package sharpsweep.driver.config;

import java.io.Serializable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;

/**
 * The teacher V (d_y × d_x): {@code identity} (the rectangular identity when d_x ≠ d_y),
 * {@code {random: {seed: S, scale: C}}} (i.i.d. N(0, C²) entries from seed S), or {@code {matrix: ...}}.
 *
 * @param label     short text for the table's {@code teacher} column
 * @param canonical the definition's canonical text, part of the task identity
 */
public record TeacherSpec(Kind kind, long seed, double scale, double[][] matrix, String label, String canonical)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { IDENTITY, RANDOM, MATRIX }

    /** The default teacher, {@code identity}. */
    public static final TeacherSpec IDENTITY = new TeacherSpec(Kind.IDENTITY, 0, 1, null, "identity", "\"identity\"");

    public DMatrixRMaj resolve(int dy, int dx) {
        return switch (kind) {
            case IDENTITY -> CommonOps_DDRM.identity(dy, dx);
            case MATRIX -> new DMatrixRMaj(matrix);
            case RANDOM -> {
                DMatrixRMaj v = new DMatrixRMaj(dy, dx);
                Xoshiro256 rng = new Xoshiro256(seed, 0x54656163L);
                for (int i = 0; i < v.getNumElements(); i++) {
                    v.data[i] = scale * Normal.next(rng);
                }
                yield v;
            }
        };
    }
}
