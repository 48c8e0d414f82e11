package sharpsweep.kernel.sgd;

/**
 * Runs {@link LinearKernelTest#spec()} in a fresh JVM and prints its fingerprint; with arguments, each of
 * {@link NonlinearKernelTest#specs()} (the MLP, the RNN and the transformer), one line each.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println(LinearKernelTest.fingerprint(Kernel.run(LinearKernelTest.spec())));
            return;
        }
        NonlinearKernelTest.specs().forEach(s -> System.out.println(LinearKernelTest.fingerprint(Kernel.run(s))));
    }
}
