package sharpsweep.kernel.random;

/**
 * xoshiro256++ (Blackman and Vigna): a small, fast 64-bit generator whose output is fixed by its
 * published algorithm, so a seed gives the same stream on every JVM. Not thread-safe: each task
 * owns its own instances.
 */
public final class Xoshiro256 {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long s0, s1, s2, s3;

    /** Independent stream {@code stream} of the task seed {@code seed} (SplitMix64 expands the pair). */
    public Xoshiro256(long seed, long stream) {
        long x = seed ^ (stream * 0xD1B54A32D192ED03L);
        x = splitMix(x += 0x9E3779B97F4A7C15L) ^ stream;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = 1; // the all-zero state is the generator's only fixed point
        }
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mixer. */
    public static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        final long result = Long.rotateLeft(s0 + s3, 23) + s0;
        final long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform on (0, 1]: never 0, so its logarithm is finite. */
    public double nextOpenClosed() {
        return ((nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
    }
}
