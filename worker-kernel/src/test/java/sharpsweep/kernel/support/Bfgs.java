package sharpsweep.kernel.support;

import java.util.function.ToDoubleFunction;

/**
 * A plain BFGS minimiser with central-difference gradients and an Armijo backtracking line search,
 * for tests that need an independent numerical optimum. Not used by the kernel.
 */
public final class Bfgs {
    private Bfgs() {
    }

    public static double[] minimise(ToDoubleFunction<double[]> f, double[] start, int maxIterations, double gradTol) {
        int n = start.length;
        double[] x = start.clone();
        double fx = f.applyAsDouble(x);
        double[] g = gradient(f, x);
        double[][] h = identity(n);
        for (int it = 0; it < maxIterations && norm(g) > gradTol; it++) {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    p[i] -= h[i][j] * g[j];
                }
            }
            double slope = dot(p, g);
            if (slope >= 0) { // lost descent: restart from steepest descent
                h = identity(n);
                for (int i = 0; i < n; i++) {
                    p[i] = -g[i];
                }
                slope = dot(p, g);
            }
            double step = 1;
            double[] xn = new double[n];
            double fn;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xn[i] = x[i] + step * p[i];
                }
                fn = f.applyAsDouble(xn);
                if (Double.isFinite(fn) && fn <= fx + 1e-4 * step * slope) {
                    break;
                }
                step *= 0.5;
                if (step < 1e-20) {
                    return x;
                }
            }
            double[] gn = gradient(f, xn);
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-300) {
                double[] hy = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        hy[i] += h[i][j] * y[j];
                    }
                }
                double yhy = dot(y, hy);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        h[i][j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                    }
                }
            }
            x = xn;
            fx = fn;
            g = gn;
        }
        return x;
    }

    private static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        double[] y = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[i]));
            y[i] = x[i] + h;
            double plus = f.applyAsDouble(y);
            y[i] = x[i] - h;
            double minus = f.applyAsDouble(y);
            y[i] = x[i];
            g[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    private static double[][] identity(int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = 1;
        }
        return h;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
