package sharpsweep.kernel.linear;

import static sharpsweep.kernel.linear.PopulationLoss.frobeniusInner;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Exact population measurements at any θ (docs/DESIGN.md §2), from the partial products A[j], B[j]:
 * <ul>
 *   <li>T = Tr E[∇²ℓ] = Σ_j ‖A[j]‖_F² · Tr(B[j]Σ_xB[j]ᵀ): f is linear in each W, so the diagonal
 *       Hessian blocks are A[j]ᵀA[j] ⊗ B[j]Σ_xB[j]ᵀ with no residual term;</li>
 *   <li>b·S = Σ_j Tr(A[j]ᵀΣ_εA[j]) · Tr(B[j]Σ_xB[j]ᵀ), the gradient fluctuation at a minimum;</li>
 *   <li>the two terms of E_j = Tr(A[j+1]ᵀΣ_εA[j+1]) · B[j+1]Σ_xB[j+1]ᵀ − Tr(B[j]Σ_xB[j]ᵀ) · A[j]ᵀΣ_εA[j],
 *       whose balance {@link BalanceResidual} measures;</li>
 *   <li>the loss gap L − L*.</li>
 * </ul>
 * Workspace is allocated once; {@link #measure} allocates only its result.
 */
public final class PopulationMeasures {
    private final DMatrixRMaj sigmaX;
    private final DMatrixRMaj sigmaEps;
    private final PopulationLoss loss;
    private final DMatrixRMaj[] bSigma;
    private final DMatrixRMaj[] sigmaA;
    private final DMatrixRMaj[] inputGram;
    private final DMatrixRMaj[] noiseGram;
    private final double[] inputTrace;
    private final double[] noiseTrace;

    public PopulationMeasures(int[] layerSizes, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        int depth = layerSizes.length - 1;
        int dx = layerSizes[0];
        int dy = layerSizes[depth];
        this.sigmaX = sigmaX;
        this.sigmaEps = sigmaEps;
        this.loss = new PopulationLoss(sigmaX, teacher);
        bSigma = new DMatrixRMaj[depth];
        sigmaA = new DMatrixRMaj[depth];
        inputGram = new DMatrixRMaj[depth];
        noiseGram = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            bSigma[j] = new DMatrixRMaj(layerSizes[j], dx);
            sigmaA[j] = new DMatrixRMaj(dy, layerSizes[j + 1]);
            inputGram[j] = new DMatrixRMaj(layerSizes[j], layerSizes[j]);
            noiseGram[j] = new DMatrixRMaj(layerSizes[j + 1], layerSizes[j + 1]);
        }
        inputTrace = new double[depth];
        noiseTrace = new double[depth];
    }

    /** All closed-form measurements; runs the network's forward and backward products itself. */
    public Snapshot measure(LinearNetwork net) {
        return measure(net, null);
    }

    /**
     * All closed-form measurements, and, when {@code termSums} is not null, the balance terms of
     * {@link #balanceTerms} added into it ([k][0] += t₁, [k][1] += t₂; shaped as {@link #newTermSums}):
     * what a window's mean terms are summed from, without allocating.
     */
    public Snapshot measure(LinearNetwork net, DMatrixRMaj[][] termSums) {
        net.updateForward();
        net.updateBackward();
        int depth = net.depth();
        products(net);
        double trace = 0;
        double fluctuation = 0;
        for (int j = 0; j < depth; j++) {
            DMatrixRMaj a = net.outputProduct(j);
            trace += frobeniusInner(a, a) * inputTrace[j];
            fluctuation += noiseTrace[j] * inputTrace[j];
        }
        if (termSums != null) {
            for (int j = 0; j + 1 < depth; j++) {
                grams(net, j);
                CommonOps_DDRM.addEquals(termSums[j][0], noiseTrace[j + 1], inputGram[j + 1]);
                CommonOps_DDRM.addEquals(termSums[j][1], inputTrace[j], noiseGram[j]);
            }
        }
        return new Snapshot(trace, loss.gap(net), fluctuation);
    }

    /** Zero matrices shaped like {@link #balanceTerms}' result: hidden layer k's two terms are m_k × m_k. */
    public DMatrixRMaj[][] newTermSums() {
        DMatrixRMaj[][] sums = new DMatrixRMaj[bSigma.length - 1][];
        for (int j = 0; j + 1 < bSigma.length; j++) {
            int m = noiseGram[j].numRows;
            sums[j] = new DMatrixRMaj[] {new DMatrixRMaj(m, m), new DMatrixRMaj(m, m)};
        }
        return sums;
    }

    /**
     * The two terms of E_k for every hidden layer k = 0..D−2 at the network's weights ([k][0] = t₁ =
     * Tr(A_{k+1}ᵀΣ_εA_{k+1})·B_{k+1}Σ_xB_{k+1}ᵀ, [k][1] = t₂ = Tr(B_kΣ_xB_kᵀ)·A_kᵀΣ_εA_k), as new matrices:
     * what {@link BalanceResidual} measures. Runs the network's forward and backward products itself.
     */
    public DMatrixRMaj[][] balanceTerms(LinearNetwork net) {
        net.updateForward();
        net.updateBackward();
        products(net);
        DMatrixRMaj[][] terms = new DMatrixRMaj[net.depth() - 1][];
        for (int j = 0; j + 1 < net.depth(); j++) {
            grams(net, j);
            DMatrixRMaj t1 = inputGram[j + 1].copy();
            DMatrixRMaj t2 = noiseGram[j].copy();
            CommonOps_DDRM.scale(noiseTrace[j + 1], t1);
            CommonOps_DDRM.scale(inputTrace[j], t2);
            terms[j] = new DMatrixRMaj[] {t1, t2};
        }
        return terms;
    }

    /** B[j]Σ_x, Σ_εA[j] and their traces against B[j], A[j], for every layer. */
    private void products(LinearNetwork net) {
        for (int j = 0; j < net.depth(); j++) {
            DMatrixRMaj b = net.inputProduct(j);
            DMatrixRMaj a = net.outputProduct(j);
            CommonOps_DDRM.mult(b, sigmaX, bSigma[j]);
            CommonOps_DDRM.mult(sigmaEps, a, sigmaA[j]);
            inputTrace[j] = frobeniusInner(bSigma[j], b);
            noiseTrace[j] = frobeniusInner(sigmaA[j], a);
        }
    }

    /** B[j+1]Σ_xB[j+1]ᵀ into inputGram[j+1] and A[j]ᵀΣ_εA[j] into noiseGram[j] (after {@link #products}). */
    private void grams(LinearNetwork net, int j) {
        CommonOps_DDRM.multTransB(bSigma[j + 1], net.inputProduct(j + 1), inputGram[j + 1]);
        CommonOps_DDRM.multTransA(net.outputProduct(j), sigmaA[j], noiseGram[j]);
    }
}
