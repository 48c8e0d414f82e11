package sharpsweep.kernel.sgd;

/** Runs {@link SgdKernelTest#spec()} in a fresh JVM and prints its fingerprint. */
public final class DeterminismProbe {
    private DeterminismProbe() {
    }

    public static void main(String[] args) {
        System.out.println(SgdKernelTest.fingerprint(SgdKernel.run(SgdKernelTest.spec())));
    }
}
