package sharpsweep.kernel.nonlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.estimate.HutchinsonTrace;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.support.Fixtures;

/**
 * Every network's backpropagation against central differences of its loss, and its Hessian-vector
 * products (central differences of gradients, gates frozen) against second differences of the loss
 * alone, against the MLP's exact R-operator, and λ_max / trace against the dense Hessian.
 */
class NetworksTest {
    static Stream<Network> networks() {
        return Stream.of(new Mlp(3, 5, 2), new Rnn(2, 4, 3, 3, ModelSpec.Activation.TANH),
                new Rnn(2, 4, 2, 3, ModelSpec.Activation.RELU), new Transformer(4, 3, 2, 3),
                new DeepLinear(3, 4, 2, 3, Loss.MSE),
                // cross-entropy: the same backpropagation from the softmax's output gradient p − q
                new Mlp(3, 5, 2, Loss.CROSS_ENTROPY), new Rnn(2, 4, 3, 3, ModelSpec.Activation.TANH, Loss.CROSS_ENTROPY),
                new Transformer(4, 3, 2, 3, Loss.CROSS_ENTROPY), new DeepLinear(3, 4, 2, 3, Loss.CROSS_ENTROPY),
                // softmax regression, 12 parameters: enough that half of them as Hutchinson probes give a usable error
                new DeepLinear(4, 0, 3, 1, Loss.CROSS_ENTROPY));
    }

    private record Problem(SampleSet samples, double[] theta) {
        static Problem of(Network net, int n, long seed) {
            Random rng = new Random(seed);
            double[] x = Fixtures.gaussian(rng, n * net.inputSize(), 1);
            double[] y = Fixtures.gaussian(rng, n * net.outputSize(), 1);
            double[] theta = new double[net.parameterCount()];
            net.initialise(theta, Init.kaiming(), new Xoshiro256(seed, 0));
            return new Problem(new SampleSet(net, x, y, n), theta);
        }

        /** The loss with the gates as recorded at {@link #theta}: uses the forward pass only. */
        double frozenLoss(double[] at, Gates gates) {
            Network net = samples.network();
            return net.accumulate(at, samples.x(), samples.y(), samples.n(), new double[at.length], gates) / samples.n();
        }
    }

    /** Wide enough that the batched products run on vector tiles (37 samples: full tiles and a tail). */
    static Stream<Network> teachers() {
        return Stream.of(new Mlp(2, 100, 2), new Rnn(2, 100, 2, 4, ModelSpec.Activation.TANH),
                new Rnn(3, 20, 2, 3, ModelSpec.Activation.RELU), new Transformer(8, 4, 2, 100), new Transformer(4, 3, 2, 3),
                new DeepLinear(3, 20, 2, 3, Loss.MSE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("teachers")
    void batchedPredictionsMatchOneSampleAtATime(Network net) {
        int n = 37;
        Random rng = new Random(5);
        double[] x = Fixtures.gaussian(rng, n * net.inputSize(), 1);
        double[] theta = new double[net.parameterCount()];
        net.initialise(theta, Init.kaiming(), new Xoshiro256(9, 0));
        double[] all = new double[n * net.outputSize()];
        net.predictAll(theta, x, n, all);
        double[] one = new double[net.outputSize()];
        for (int s = 0; s < n; s++) {
            net.predict(theta, x, s, one);
            for (int k = 0; k < one.length; k++) {
                // The batched products fuse each multiply-add (Math.fma): a few ulps per layer on O(1) outputs.
                assertEquals(one[k], all[s * one.length + k], 1e-12 * Math.max(1, Math.abs(one[k])),
                        net + " sample " + s + " output " + k);
            }
        }
        // A second call on a smaller batch reuses the grown scratch.
        double[] few = new double[3 * net.outputSize()];
        net.predictAll(theta, x, 3, few);
        assertArrayEquals(java.util.Arrays.copyOf(all, few.length), few, 0.0, net + ": a smaller batch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void backpropagationMatchesCentralDifferencesOfTheLoss(Network net) {
        Problem p = Problem.of(net, 20, 11);
        int m = net.parameterCount();
        double[] grad = new double[m];
        p.samples().gradient(p.theta(), grad);
        // Step 1e-6: truncation O(h²) ~1e-12, rounding ~ε·L/h ~1e-10; a ReLU kink within 1e-6 of one
        // of the ~100 pre-activations has probability ~1e-4.
        double step = 1e-6;
        double[] fd = new double[m];
        for (int i = 0; i < m; i++) {
            double[] plus = p.theta().clone();
            double[] minus = p.theta().clone();
            plus[i] += step;
            minus[i] -= step;
            fd[i] = (p.samples().loss(plus) - p.samples().loss(minus)) / (2 * step);
        }
        assertArrayEquals(fd, grad, 1e-7 * Math.max(1, Fixtures.maxAbs(grad)));
        assertTrue(Fixtures.maxAbs(grad) > 1e-3, "a non-trivial gradient");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void hessianVectorProductsMatchSecondDifferencesOfTheLoss(Network net) {
        Problem p = Problem.of(net, 20, 5);
        int m = net.parameterCount();
        GradientDifferenceHessian hessian = new GradientDifferenceHessian(p.samples(), p.theta());
        Gates gates = new Gates(p.samples().n() * net.gatesPerSample());
        gates.record();
        p.frozenLoss(p.theta(), gates);
        gates.replay();
        Random rng = new Random(9);
        for (int t = 0; t < 5; t++) {
            double[] v = Fixtures.gaussian(rng, m, 1);
            double[] w = Fixtures.gaussian(rng, m, 1);
            double[] hw = new double[m];
            hessian.apply(w, hw);
            double expected = 0;
            for (int i = 0; i < m; i++) {
                expected += v[i] * hw[i];
            }
            // vᵀHw from four loss values (gates frozen, so the loss is smooth): truncation O(h²·∂⁴L·|v|²|w|²) and
            // rounding ~ε·L/h². At h = 1e-4 the softmax's fourth derivatives put the truncation of the cross-entropy
            // transformer at 1.1e-5 (absolute, |v||w| ~ m ~ 90); h = 5e-5 quarters it, rounding stays ~1e-7.
            double h = 5e-5;
            double pp = p.frozenLoss(shift(p.theta(), h, v, h, w), gates);
            double pm = p.frozenLoss(shift(p.theta(), h, v, -h, w), gates);
            double mp = p.frozenLoss(shift(p.theta(), -h, v, h, w), gates);
            double mm = p.frozenLoss(shift(p.theta(), -h, v, -h, w), gates);
            double secondDifference = (pp - pm - mp + mm) / (4 * h * h);
            assertEquals(secondDifference, expected, 1e-5 * Math.max(1, Math.abs(secondDifference)),
                    "direction pair " + t);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void lanczosAndTraceMatchTheDenseHessian(Network net) {
        Problem p = Problem.of(net, 30, 3);
        int m = net.parameterCount();
        GradientDifferenceHessian hessian = new GradientDifferenceHessian(p.samples(), p.theta());
        DMatrixRMaj dense = new DMatrixRMaj(m, m);
        double[] e = new double[m];
        double[] column = new double[m];
        for (int i = 0; i < m; i++) {
            e[i] = 1;
            hessian.apply(e, column);
            e[i] = 0;
            for (int j = 0; j < m; j++) {
                dense.set(j, i, column[j]);
            }
        }
        // Symmetric to the differences' accuracy (~1e-10 relative): a check on the gradient code too.
        DMatrixRMaj transposed = CommonOps_DDRM.transpose(dense, null);
        double scale = CommonOps_DDRM.elementMaxAbs(dense);
        for (int i = 0; i < m * m; i++) {
            assertEquals(dense.data[i], transposed.data[i], 1e-7 * scale);
        }
        Fixtures.symmetrise(dense);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        eig.decompose(dense.copy());
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            top = Math.max(top, eig.getEigenvalue(i).getReal());
        }
        assertEquals(top, Lanczos.largestEigenvalue(hessian), 1e-6 * Math.max(1, Math.abs(top)));
        HutchinsonTrace.Estimate exact = HutchinsonTrace.estimate(hessian, m, 1);
        assertTrue(exact.exact());
        assertEquals(CommonOps_DDRM.trace(dense), exact.trace(), 1e-9 * Math.max(1, scale * m));
        // With fewer probes than parameters, the estimate lies within 5 of its own standard errors.
        HutchinsonTrace.Estimate sampled = HutchinsonTrace.estimate(hessian, m / 2, 7);
        assertTrue(!sampled.exact() && sampled.stderr() > 0);
        assertEquals(CommonOps_DDRM.trace(dense), sampled.trace(), 5 * sampled.stderr());
    }

    @Test
    void frozenGateDifferencesMatchTheMlpsExactROperator() {
        Random rng = new Random(21);
        int n = 40;
        double[] x = Fixtures.gaussian(rng, n * 3, 1);
        double[] y = Fixtures.gaussian(rng, n * 2, 1);
        Mlp mlp = new Mlp(3, 6, 2);
        double[] theta = new double[mlp.parameterCount()];
        mlp.initialise(theta, Init.kaiming(), new Xoshiro256(21, 0));
        GradientDifferenceHessian differences = new GradientDifferenceHessian(new SampleSet(mlp, x, y, n), theta);
        ReluMlp exact = new ReluMlp(3, 6, 2, x, y);
        for (int t = 0; t < 5; t++) {
            double[] v = Fixtures.gaussian(rng, theta.length, 1);
            double[] a = new double[theta.length];
            double[] b = new double[theta.length];
            differences.apply(v, a);
            exact.hessianVector(theta, v, b);
            // The step's O(h²) truncation and O(ε/h) rounding: ~1e-10 relative (class comment).
            assertArrayEquals(b, a, 1e-7 * Math.max(1, Fixtures.maxAbs(b)));
        }
    }

    private static double[] shift(double[] theta, double a, double[] v, double b, double[] w) {
        double[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * v[i] + b * w[i];
        }
        return out;
    }
}
