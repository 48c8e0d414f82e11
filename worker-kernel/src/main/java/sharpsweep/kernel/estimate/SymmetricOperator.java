package sharpsweep.kernel.estimate;

/** A symmetric linear map on R^n, given by its action. */
public interface SymmetricOperator {
    int dimension();

    /** out = A · in; {@code out} and {@code in} are distinct arrays of length {@link #dimension()}. */
    void apply(double[] in, double[] out);
}
