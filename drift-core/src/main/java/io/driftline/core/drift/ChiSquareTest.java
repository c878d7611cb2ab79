package io.driftline.core.drift;

/**
 * Pearson's chi-square test of homogeneity between the reference and window counts of a categorical
 * feature (a 2 x B contingency table, like {@code scipy.stats.chi2_contingency(...,
 * correction=False)}), with its p-value from the chi-square survival function.
 *
 * <p>Bins empty on both sides are dropped, so no expected count is ever 0; a category unseen in the
 * reference is an ordinary column with reference count 0 (its expected count is positive because
 * the window has it). Degrees of freedom: {@code (2 - 1) * (B - 1) = B - 1} for B non-empty bins.
 * With fewer than 2 non-empty bins there is nothing to test: statistic 0, dof 0, p-value 1.
 *
 * <p>The survival function is the regularized upper incomplete gamma function {@code Q(dof / 2, x /
 * 2)}, written here: a power series for {@code x < a + 1} and a continued fraction (modified Lentz)
 * otherwise, with a Lanczos log-gamma; relative accuracy about 1e-14.
 */
public final class ChiSquareTest {

    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;

    // Lanczos approximation, g = 7, n = 9 (the widely published coefficients).
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private ChiSquareTest() {}

    /**
     * The test result.
     *
     * @param statistic Pearson's chi-square
     * @param degreesOfFreedom non-empty bins minus 1
     * @param pValue {@code P(chi2(dof) >= statistic)}
     */
    public record Result(double statistic, int degreesOfFreedom, double pValue) {}

    /** Runs the test on shared bins holding counts. */
    public static Result test(SharedBins bins) {
        double[] r = bins.reference();
        double[] w = bins.window();
        double rTotal = bins.referenceTotal();
        double wTotal = bins.windowTotal();
        double total = rTotal + wTotal;
        double statistic = 0;
        int nonEmpty = 0;
        for (int i = 0; i < r.length; i++) {
            double column = r[i] + w[i];
            if (column <= 0) {
                continue;
            }
            nonEmpty++;
            double expectedR = rTotal * column / total;
            double expectedW = wTotal * column / total;
            statistic +=
                    square(r[i] - expectedR) / expectedR + square(w[i] - expectedW) / expectedW;
        }
        if (nonEmpty < 2 || rTotal == 0 || wTotal == 0) {
            return new Result(0, 0, 1.0);
        }
        int dof = nonEmpty - 1;
        return new Result(statistic, dof, survival(statistic, dof));
    }

    private static double square(double x) {
        return x * x;
    }

    /** {@code P(X >= x)} for X chi-square distributed with {@code dof} degrees of freedom. */
    public static double survival(double x, double dof) {
        if (!(dof > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but were " + dof);
        }
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must not be NaN");
        }
        if (x <= 0) {
            return 1.0;
        }
        return regularizedGammaQ(dof / 2, x / 2);
    }

    /** The regularized upper incomplete gamma function {@code Q(a, x) = Gamma(a, x) / Gamma(a)}. */
    public static double regularizedGammaQ(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException(
                    String.format("need a > 0 and x >= 0, got a=%s x=%s", a, x));
        }
        if (x == 0) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        double logPrefactor = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            // P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1)...(a + n))
            double term = 1.0 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    break;
                }
            }
            return Math.min(1.0, Math.max(0.0, 1.0 - sum * Math.exp(logPrefactor)));
        }
        // Continued fraction for Gamma(a, x) e^x x^-a, evaluated with the modified Lentz method.
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                break;
            }
        }
        return Math.min(1.0, Math.max(0.0, Math.exp(logPrefactor) * h));
    }

    /** {@code ln Gamma(x)} for {@code x > 0} (Lanczos; reflection below 0.5). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0 but got " + x);
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
