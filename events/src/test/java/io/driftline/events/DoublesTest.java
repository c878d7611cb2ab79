package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Doubles} gives {@link Double#parseDouble}'s double bit for bit, or says it cannot. */
class DoublesTest {

    /** The decimal's double by {@link Doubles}, or null where it leaves it to the text. */
    private static Double viaDoubles(String decimal) {
        BigDecimal value = new BigDecimal(decimal);
        BigDecimal unscaled = new BigDecimal(value.unscaledValue());
        if (unscaled.abs().compareTo(BigDecimal.valueOf(999_999_999_999_999_999L)) > 0) {
            return null;
        }
        double d =
                Doubles.toDouble(
                        decimal.startsWith("-"),
                        value.unscaledValue().abs().longValueExact(),
                        -value.scale());
        return Double.isNaN(d) ? null : d;
    }

    private static int check(String decimal) {
        Double d = viaDoubles(decimal);
        if (d == null) {
            return 0;
        }
        assertThat(Double.doubleToRawLongBits(d))
                .as(decimal)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(decimal)));
        return 1;
    }

    @Test
    void everyDoublesShortestFormRoundTrips() {
        Random random = new Random(7);
        int decided = 0;
        int tries = 300_000;
        for (int i = 0; i < tries; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                decided += check(Double.toString(d));
            }
            decided += check(Double.toString(random.nextGaussian() * 10));
        }
        assertThat(decided).as("decided without the text").isGreaterThan(tries);
    }

    @Test
    void randomDecimalsOfManyDigitsAndScales() {
        Random random = new Random(11);
        for (int i = 0; i < 300_000; i++) {
            long digits = Math.floorMod(random.nextLong(), 1_000_000_000_000_000_000L);
            int digitCount = 1 + random.nextInt(18);
            digits %= (long) Math.pow(10, digitCount);
            int exponent = random.nextInt(660) - 345;
            check((random.nextBoolean() ? "-" : "") + digits + "e" + exponent);
        }
    }

    @Test
    void edgesOfTheRange() {
        for (String decimal :
                new String[] {
                    "0",
                    "-0",
                    "1",
                    "9007199254740992",
                    "9007199254740993",
                    "9007199254740995",
                    "1e22",
                    "1e23",
                    "4.9e-324",
                    "2.2250738585072011e-308",
                    "2.2250738585072014e-308",
                    "1.7976931348623157e308",
                    "1.7976931348623159e308",
                    "7.3177701707893310e15",
                    "9.999999999999999e22",
                    "8.41e21",
                    "1e-342",
                    "1e308",
                    "5e-324",
                    "2.4703282292062328e-324",
                    "1.00000000000000011102230246"
                }) {
            check(decimal);
        }
        assertThat(Double.doubleToRawLongBits(Doubles.toDouble(true, 0, 5)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
