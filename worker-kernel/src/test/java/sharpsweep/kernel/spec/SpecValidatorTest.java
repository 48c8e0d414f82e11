package sharpsweep.kernel.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sharpsweep.kernel.sgd.Kernel;

class SpecValidatorTest {

    static TaskSpec valid() {
        DMatrixRMaj id = CommonOps_DDRM.identity(2);
        return new TaskSpec(new ModelSpec.Linear(2, id, Sampler.AUTO), 2, 4, 0.01, 1000, Init.xavier(), id,
                CommonOps_DDRM.diag(1, 0.5), 1L, ConvergenceSettings.defaults(), 16);
    }

    static TaskSpec with(UnaryOperator<Object[]> change) {
        TaskSpec s = valid();
        ModelSpec.Linear m = (ModelSpec.Linear) s.model();
        Object[] f = {m.depth(), s.width(), s.batchSize(), s.learningRate(), s.maxSteps(), s.init(), s.sigmaX(),
            s.sigmaEps(), m.teacher(), s.seed(), s.convergence(), s.trajectoryLength(), m.sampler()};
        f = change.apply(f);
        return new TaskSpec(new ModelSpec.Linear((int) f[0], (DMatrixRMaj) f[8], (Sampler) f[12]), (int) f[1],
                (int) f[2], (double) f[3], (long) f[4], (Init) f[5], (DMatrixRMaj) f[6], (DMatrixRMaj) f[7],
                (long) f[9], (ConvergenceSettings) f[10], (int) f[11]);
    }

    static UnaryOperator<Object[]> set(int index, Object value) {
        return f -> {
            f[index] = value;
            return f;
        };
    }

    static ConvergenceSettings conv(long burnIn, long window, int per, int stable, double tt, double lt, double rt) {
        return new ConvergenceSettings(burnIn, window, per, stable, tt, lt, rt, 1e6, 7);
    }

    static Stream<Arguments> badSpecs() {
        DMatrixRMaj asym = new DMatrixRMaj(new double[][] {{1, 0.3}, {0.2, 1}});
        DMatrixRMaj indefinite = new DMatrixRMaj(new double[][] {{1, 2}, {2, 1}});
        DMatrixRMaj nan = CommonOps_DDRM.identity(2);
        nan.set(1, 1, Double.NaN);
        DMatrixRMaj inf = CommonOps_DDRM.identity(2);
        inf.set(0, 1, Double.POSITIVE_INFINITY);
        return Stream.of(
                Arguments.of("depth 1", set(0, 1), "depth", "1"),
                Arguments.of("width 0", set(1, 0), "width", "0"),
                Arguments.of("batch 0", set(2, 0), "batch_size", "0"),
                Arguments.of("eta 0", set(3, 0.0), "learning_rate", "0.0"),
                Arguments.of("eta negative", set(3, -0.1), "learning_rate", "-0.1"),
                Arguments.of("eta NaN", set(3, Double.NaN), "learning_rate", "NaN"),
                Arguments.of("eta infinite", set(3, Double.POSITIVE_INFINITY), "learning_rate", "Infinity"),
                Arguments.of("no budget", set(4, 0L), "max_steps", "0"),
                Arguments.of("init sigma 0", set(5, Init.fixed(0)), "init", "0.0"),
                Arguments.of("init sigma NaN", set(5, Init.fixed(Double.NaN)), "init", "NaN"),
                Arguments.of("input asymmetric", set(6, asym), "input", "not symmetric"),
                Arguments.of("input indefinite", set(6, indefinite), "input", "not positive definite"),
                Arguments.of("noise indefinite", set(7, indefinite), "noise", "not positive definite"),
                Arguments.of("noise NaN", set(7, nan), "noise", "NaN"),
                Arguments.of("noise not square", set(7, new DMatrixRMaj(2, 3)), "noise", "square"),
                Arguments.of("teacher infinite", set(8, inf), "teacher", "Infinity"),
                Arguments.of("teacher wrong shape", set(8, new DMatrixRMaj(3, 2)), "teacher", "3x2"),
                Arguments.of("input wrong size", set(6, CommonOps_DDRM.identity(3)), "teacher", "2x3"),
                Arguments.of("trajectory too long", set(11, 257), "trajectory_length", "257"),
                Arguments.of("statistics with b < d_x", (UnaryOperator<Object[]>) f -> {
                    f[12] = Sampler.STATISTICS;
                    f[6] = CommonOps_DDRM.identity(6);
                    f[8] = new DMatrixRMaj(2, 6);
                    return f;
                }, "sampler", "batch_size 4 < d_x 6"),
                Arguments.of("negative window", set(10, conv(0, -1, 50, 3, 0.01, 0.05, 0.05)), "convergence.window", "-1"),
                Arguments.of("no measurements", set(10, conv(0, 0, 0, 3, 0.01, 0.05, 0.05)),
                        "convergence.measurements_per_window", "0"),
                Arguments.of("trace tol 0", set(10, conv(0, 0, 50, 3, 0, 0.05, 0.05)), "convergence.trace_tol", "0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void rejectsBadInputNamingTheFieldAndValue(String label, UnaryOperator<Object[]> change, String field, String fragment) {
        TaskSpec bad = with(change);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Kernel.run(bad));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should contain " + fragment);
    }

    @Test
    void crossEntropyRejectsTheTheorysStartsAndASingleOutput() {
        InvalidSpecException flat = assertThrows(InvalidSpecException.class,
                () -> Kernel.run(valid().withLoss(Loss.CROSS_ENTROPY).withInit(Init.flat())));
        assertEquals("init", flat.field());
        assertTrue(flat.getMessage().contains("flat") && flat.getMessage().contains("cross_entropy"), flat.getMessage());
        TaskSpec oneOutput = with(f -> {
            f[7] = CommonOps_DDRM.identity(1);
            f[8] = new DMatrixRMaj(1, 2);
            return f;
        }).withLoss(Loss.CROSS_ENTROPY);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Kernel.run(oneOutput));
        assertEquals("loss", e.field());
        assertTrue(e.getMessage().contains("d_y 1"), e.getMessage());
        assertDoesNotThrow(() -> SpecValidator.validate(valid().withLoss(Loss.CROSS_ENTROPY)));
    }

    @Test
    void acceptsTheValidSpec() {
        assertDoesNotThrow(() -> SpecValidator.validate(valid()));
    }
}
