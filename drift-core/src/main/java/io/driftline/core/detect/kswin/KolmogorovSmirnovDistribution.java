package io.driftline.core.detect.kswin;

/**
 * The null distribution of the two-sample Kolmogorov-Smirnov statistic D = sup |F_n - G_m|, for the
 * p-value P(D ≥ d) of two independent samples from the same continuous distribution.
 *
 * <p>Small samples (n·m ≤ 10,000) use the exact distribution, by counting the monotone lattice
 * paths from (0, 0) to (n, m) that stay strictly inside the band |i/n - j/m| < d (the method of
 * Hodges, "The significance probability of the Smirnov two-sample test", Arkiv för Matematik 1958),
 * with the counts kept as fractions of all paths so nothing overflows. Larger samples use
 * Kolmogorov's limit distribution Q(λ) = 2 Σ (-1)^(k-1) exp(-2k²λ²) at λ = (√e + 0.12 + 0.11/√e) d,
 * e = nm/(n+m) (Stephens' small-sample correction).
 */
public final class KolmogorovSmirnovDistribution {

    private static final long EXACT_LIMIT = 10_000;

    private KolmogorovSmirnovDistribution() {}

    /** P(D ≥ d) for two samples of sizes n and m under the null hypothesis. */
    public static double twoSampleSurvival(int n, int m, double d) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException(
                    String.format("Sample sizes must be positive but were %s and %s", n, m));
        }
        if (!(d > 0.0)) {
            return 1.0;
        }
        if (d > 1.0) {
            return 0.0;
        }
        if ((long) n * m <= EXACT_LIMIT) {
            return exactSurvival(n, m, d);
        }
        double e = (double) n * m / (n + m);
        double root = Math.sqrt(e);
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * d);
    }

    /**
     * P(D⁺ ≥ k/n) for two samples of the same size n under the null hypothesis, where D⁺ = sup (F_n
     * - G_n) is the one-sided statistic: the exact C(2n, n - k) / C(2n, n) of Gnedenko and Korolyuk
     * (1951), computed as the product of (n - i) / (n + 1 + i) for i = 0 .. k - 1.
     */
    public static double oneSidedEqualSizeSurvival(int n, int k) {
        if (n < 1) {
            throw new IllegalArgumentException(
                    String.format("Sample size must be positive but was %s", n));
        }
        if (k <= 0) {
            return 1.0;
        }
        if (k > n) {
            return 0.0;
        }
        double p = 1.0;
        for (int i = 0; i < k; i++) {
            p *= (double) (n - i) / (n + 1 + i);
        }
        return p;
    }

    /** Kolmogorov's limit distribution Q(λ) = P(sup |B(t)| ≥ λ) of the Brownian bridge B. */
    public static double kolmogorovSurvival(double lambda) {
        if (lambda <= 0.0) {
            return 1.0;
        }
        if (lambda < 0.2) {
            // The alternating series converges slowly here and Q(λ) is 1 to 15 digits.
            return 1.0;
        }
        double sum = 0.0;
        double sign = 1.0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-17) {
                break;
            }
            sign = -sign;
        }
        return Math.max(0.0, Math.min(1.0, 2.0 * sum));
    }

    private static double exactSurvival(int n, int m, double d) {
        long g = gcd(n, m);
        long lcm = (long) n / g * m;
        // D takes values in multiples of 1/lcm; a point is outside the band when
        // |i m - j n| / g >= ceil(d * lcm), which avoids comparing rounded doubles.
        long k = (long) Math.ceil(d * lcm - 1e-7);
        double[] row = new double[m + 1];
        row[0] = 1.0;
        for (int j = 1; j <= m; j++) {
            row[j] = inside(0, j, n, m, g, k) ? row[j - 1] : 0.0;
        }
        for (int i = 1; i <= n; i++) {
            row[0] = inside(i, 0, n, m, g, k) ? row[0] : 0.0;
            for (int j = 1; j <= m; j++) {
                if (inside(i, j, n, m, g, k)) {
                    row[j] = (i * row[j] + j * row[j - 1]) / (i + j);
                } else {
                    row[j] = 0.0;
                }
            }
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - row[m]));
    }

    private static boolean inside(int i, int j, int n, int m, long g, long k) {
        return Math.abs((long) i * m - (long) j * n) / g < k;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
