package io.driftline.events;

import java.math.BigInteger;

/**
 * Turns a decimal significand and exponent into the nearest double, exactly as a correctly rounded
 * parser such as {@link Double#parseDouble} does, without making a string: Clinger's fast path,
 * then the Eisel-Lemire algorithm (as in Lemire's fast_float), and NaN where neither is sure, for
 * the caller to parse the text.
 */
final class Doubles {

    private Doubles() {}

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    private static final int SMALLEST_POWER = -342;
    private static final int LARGEST_POWER = 308;

    /**
     * 5^q for q in [-342, 308] as 128 bits normalized to a leading one, high word then low word:
     * truncated for q >= 0, the reciprocal rounded up for q < 0 (fast_float's table, computed here
     * exactly instead of written out).
     */
    private static final long[] POWERS_OF_FIVE = powersOfFive();

    private static long[] powersOfFive() {
        long[] table = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger c;
            if (q < 0) {
                BigInteger power5 = BigInteger.valueOf(5).pow(-q);
                int z = power5.bitLength(); // 2^z > 5^-q > 2^(z-1): 5^-q is no power of two
                int shift = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(shift).divide(power5).add(BigInteger.ONE);
                if (c.bitLength() > 128) {
                    c = c.shiftRight(c.bitLength() - 128);
                }
            } else {
                c = BigInteger.valueOf(5).pow(q);
                int bits = c.bitLength();
                c = bits < 128 ? c.shiftLeft(128 - bits) : c.shiftRight(bits - 128);
            }
            int index = 2 * (q - SMALLEST_POWER);
            table[index] = c.shiftRight(64).longValue();
            table[index + 1] = c.and(mask64).longValue();
        }
        return table;
    }

    /**
     * The double nearest to {@code ±significand × 10^exponent}, or NaN when this cannot tell (a
     * subnormal, an overflow or a rare ambiguous product: the caller then parses the text).
     *
     * @param significand the decimal digits, 0 to 10^18 - 1
     */
    static double toDouble(boolean negative, long significand, int exponent) {
        if (significand == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (significand <= (1L << 53) && exponent >= -22 && exponent <= 22) {
            // Clinger: both operands are exact doubles, so one rounding gives the nearest
            double value = significand;
            value =
                    exponent < 0
                            ? value / POWERS_OF_TEN[-exponent]
                            : value * POWERS_OF_TEN[exponent];
            return negative ? -value : value;
        }
        if (exponent < SMALLEST_POWER || exponent > LARGEST_POWER) {
            return Double.NaN;
        }
        return eiselLemire(negative, significand, exponent);
    }

    private static double eiselLemire(boolean negative, long w, int q) {
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - SMALLEST_POWER);
        long high5 = POWERS_OF_FIVE[index];
        long low = w * high5;
        long high = unsignedMultiplyHigh(w, high5);
        // 55 bits are needed (52 explicit, the implicit one, a rounding bit, a bit lost by a
        // product that starts with a zero); when the bits below them are all ones, the truncated
        // power may have changed them, and the next 64 bits of the power settle it
        long precisionMask = -1L >>> 55;
        if ((high & precisionMask) == precisionMask) {
            long secondHigh = unsignedMultiplyHigh(w, POWERS_OF_FIVE[index + 1]);
            long sum = low + secondHigh;
            if (Long.compareUnsigned(secondHigh, sum) > 0) {
                high++;
            }
            low = sum;
        }
        if (low == -1L) {
            return Double.NaN; // could be off by one below: too close to tell cheaply
        }
        int upperBit = (int) (high >>> 63);
        int shift = upperBit + 64 - 52 - 3;
        long mantissa = high >>> shift;
        int power2 = (int) (((152170L + 65536L) * q) >> 16) + 63 + upperBit - lz + 1023;
        if (power2 <= 0) {
            return Double.NaN; // subnormal
        }
        // a tie can only happen where 5^q fits 64 bits; then round to even
        if (Long.compareUnsigned(low, 1) <= 0
                && q >= -4
                && q <= 23
                && (mantissa & 3) == 1
                && (mantissa << shift) == high) {
            mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) {
            return Double.NaN; // infinite
        }
        long bits = mantissa | ((long) power2 << 52) | (negative ? Long.MIN_VALUE : 0L);
        return Double.longBitsToDouble(bits);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math has it from Java 18 on). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
