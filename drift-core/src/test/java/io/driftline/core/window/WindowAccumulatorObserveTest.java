package io.driftline.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

/**
 * Checks that the accumulator's unboxed observe path summarises exactly what the generic {@link
 * WindowSummary#observe(Map, Object, Object)} path does with the plain values, byte for byte.
 */
class WindowAccumulatorObserveTest {

    @Test
    void fastPathWritesTheSameBytesAsThePlainValuePath() throws Exception {
        SummaryConfig config = new SummaryConfig(16, 8);
        WindowAccumulator fast = new WindowAccumulator(config);
        WindowSummary reference = new WindowSummary(config);
        Random random = new Random(7);
        // both sides draw the KLL compaction coins from DataSketches' one shared Random: reseed it
        // so their sketches compact alike and the comparison covers estimation mode too
        long kllSeed = 11;
        for (int i = 0; i < 3000; i++) {
            Map<String, FeatureValue> features = randomFeatures(random, i);
            FeatureValue prediction = randomLabel(random);
            FeatureValue actual = randomLabel(random);
            seedKll(kllSeed + i);
            fast.observe(features, prediction, actual, "v1");
            seedKll(kllSeed + i);
            reference.observe(
                    plainValues(features),
                    prediction == null ? null : WindowAccumulator.plain(prediction),
                    actual == null || actual.isMissing() ? null : WindowAccumulator.plain(actual));
            if (i % 7 == 0) {
                FeatureValue late = randomLabel(random);
                seedKll(kllSeed - i);
                fast.observeOutcome(prediction, late);
                seedKll(kllSeed - i);
                if (late != null && !late.isMissing()) {
                    reference.observeLabel(WindowAccumulator.plain(late));
                }
            }
        }
        assertThat(fast.summary().features().get("num_0").numericSketch().isEstimationMode())
                .isTrue();
        assertThat(fast.summary().featureValuesDropped()).isPositive();
        assertThat(fast.summary().toBytes()).isEqualTo(reference.toBytes());
        assertThat(fast.summary().features().keySet())
                .containsExactlyElementsOf(reference.features().keySet());
    }

    @Test
    void aSummaryReadBackFindsItsFeaturesAgain() {
        WindowAccumulator acc = new WindowAccumulator(SummaryConfig.defaults());
        acc.observe(Map.of("a", FeatureValue.of(1.0)), FeatureValue.of(1.0), null, null);
        WindowAccumulator copy = WindowAccumulator.fromBytes(acc.toBytes());
        copy.observe(Map.of("a", FeatureValue.of(2.0)), FeatureValue.of(0.0), null, null);
        WindowSummary merged = WindowSummary.fromBytes(acc.summary().toBytes());
        merged.merge(copy.summary());

        assertThat(copy.summary().features()).containsOnlyKeys("a");
        assertThat(copy.summary().features().get("a").count()).isEqualTo(2);
        assertThat(merged.features().get("a").count()).isEqualTo(3);
    }

    @Test
    void cachedIntegerLabelsReadAsLongToString() {
        for (long l = -300; l <= 1300; l++) {
            assertThat(WindowAccumulator.label(FeatureValue.of((double) l)))
                    .isEqualTo(Long.toString(l));
        }
        assertThat(WindowAccumulator.label(FeatureValue.of(-0.0))).isEqualTo("0");
        assertThat(WindowAccumulator.label(FeatureValue.of(0.5))).isEqualTo("0.5");
        assertThat(WindowAccumulator.label(FeatureValue.of(1e15))).isEqualTo("1.0E15");
    }

    /** Numbers (some missing or not finite), a category, a feature whose kind flips, new names. */
    private static Map<String, FeatureValue> randomFeatures(Random random, int i) {
        FeedbackEvent.Features features = new FeedbackEvent.Features(16);
        for (int f = 0; f < 10; f++) {
            int roll = random.nextInt(40);
            FeatureValue v =
                    switch (roll) {
                        case 0 -> FeatureValue.MISSING;
                        case 1 -> FeatureValue.of(Double.NaN);
                        case 2 -> FeatureValue.of(Double.POSITIVE_INFINITY);
                        default -> FeatureValue.of(random.nextGaussian() * 10);
                    };
            features.put("num_" + f, v);
        }
        features.put(
                "region",
                random.nextInt(20) == 0
                        ? FeatureValue.MISSING
                        : FeatureValue.of("r" + random.nextInt(12)));
        features.put(
                "flip",
                random.nextBoolean()
                        ? FeatureValue.of(random.nextDouble())
                        : FeatureValue.of("s" + random.nextInt(3)));
        // a stream of fresh names overflows MAX_FEATURES and counts dropped values
        features.put("new_" + i, FeatureValue.of(i));
        return features.build();
    }

    private static FeatureValue randomLabel(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> FeatureValue.MISSING;
            case 2 -> FeatureValue.of("cat");
            default -> FeatureValue.of(random.nextInt(3));
        };
    }

    private static Map<String, Object> plainValues(Map<String, FeatureValue> features) {
        Map<String, Object> plain = new LinkedHashMap<>();
        features.forEach((name, value) -> plain.put(name, WindowAccumulator.plain(value)));
        return plain;
    }

    private static void seedKll(long seed) throws Exception {
        Field field = KllSketch.class.getDeclaredField("random");
        field.setAccessible(true);
        ((Random) field.get(null)).setSeed(seed);
    }
}
