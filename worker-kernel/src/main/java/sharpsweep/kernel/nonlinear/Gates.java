package sharpsweep.kernel.nonlinear;

/**
 * The on/off pattern of every ReLU over a sample set, recorded at one θ and replayed at θ ± h·v.
 * Where no pre-activation is exactly 0 (probability one) the Hessian at θ is the Hessian of the
 * network with these gates frozen — ReLU″ = 0 — and that frozen network is smooth, so central
 * differences of its gradient are accurate to O(h²). Letting the gates flip instead would add a
 * gradient jump of O(|r|/n) divided by 2h whenever a pre-activation lies within h of a kink.
 */
public final class Gates {
    private final boolean[] open;
    private boolean replay;

    public Gates(int size) {
        open = new boolean[size];
    }

    public void record() {
        replay = false;
    }

    public void replay() {
        replay = true;
    }

    /** The gate at {@code index}: in record mode stores {@code preActivation > 0}; in replay mode returns the stored one. */
    public boolean open(int index, double preActivation) {
        if (replay) {
            return open[index];
        }
        boolean on = preActivation > 0;
        open[index] = on;
        return on;
    }
}
