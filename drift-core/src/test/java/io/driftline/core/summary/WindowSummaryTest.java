package io.driftline.core.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowSummaryTest {

    @Test
    void summarisesFeaturesPredictionsLabelsAndMissingValues() {
        WindowSummary summary = new WindowSummary();
        summary.observe(features(1.5, "red"), "yes", "yes");
        summary.observe(features(null, "blue"), "no", null);
        summary.observe(features(Double.NaN, null), "no", "yes");
        summary.observeLabel("no");

        assertThat(summary.eventCount()).isEqualTo(3);
        FeatureSummary amount = summary.features().get("amount");
        assertThat(amount.kind()).isEqualTo(ObservedKind.NUMERIC);
        assertThat(amount.count()).isEqualTo(1);
        assertThat(amount.missing()).isEqualTo(2);
        FeatureSummary colour = summary.features().get("colour");
        assertThat(colour.kind()).isEqualTo(ObservedKind.CATEGORICAL);
        assertThat(colour.categoryCounts().frequencies())
                .containsEntry("red", 1L)
                .containsEntry("blue", 1L);
        assertThat(colour.missing()).isEqualTo(1);
        assertThat(summary.prediction().categoryCounts().countOf("no")).isEqualTo(2);
        assertThat(summary.label().count()).isEqualTo(3);
        assertThat(summary.label().missing()).isZero();
    }

    @Test
    void countsAValueOfTheOtherKindInsteadOfThrowing() {
        WindowSummary summary = new WindowSummary();
        summary.observe(features(1.0, "red"), 1, null);

        summary.feature("amount").add("lots");
        summary.feature("amount").add("NaN");
        summary.feature("colour").add(3.0);

        assertThat(summary.feature("amount").kind()).isEqualTo(ObservedKind.NUMERIC);
        assertThat(summary.feature("amount").count()).isEqualTo(1);
        assertThat(summary.feature("amount").kindMismatches()).isEqualTo(2);
        assertThat(summary.feature("colour").kindMismatches()).isEqualTo(1);
        // the count survives state serialization and merging with a summary of the other kind
        WindowSummary copy = WindowSummary.fromBytes(summary.toBytes());
        assertThat(copy.feature("amount").kindMismatches()).isEqualTo(2);
        WindowSummary categorical = new WindowSummary();
        categorical.observe(java.util.Map.of("amount", "a"), 1, null);
        categorical.observe(java.util.Map.of("amount", "b"), 1, null);
        copy.merge(categorical);
        assertThat(copy.feature("amount").kind()).isEqualTo(ObservedKind.NUMERIC);
        assertThat(copy.feature("amount").kindMismatches()).isEqualTo(4);
    }

    @Test
    void mergedPartialsMatchOneSummaryOfEverything() {
        WindowSummary all = new WindowSummary();
        WindowSummary left = new WindowSummary();
        WindowSummary right = new WindowSummary();
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> f = features(random.nextGaussian(), "c" + random.nextInt(30));
            if (i % 50 == 0) {
                f.put("rare", i % 100 == 0 ? null : "x");
            }
            all.observe(f, random.nextDouble(), i % 3 == 0 ? "a" : "b");
            (i % 2 == 0 ? left : right).observe(f, random.nextDouble(), i % 3 == 0 ? "a" : "b");
        }

        left.merge(right);

        assertThat(left.eventCount()).isEqualTo(all.eventCount());
        assertThat(left.features().keySet()).isEqualTo(all.features().keySet());
        assertThat(left.feature("colour").categoryCounts().frequencies())
                .isEqualTo(all.feature("colour").categoryCounts().frequencies());
        assertThat(left.feature("amount").count()).isEqualTo(10_000);
        assertThat(left.feature("rare").missing()).isEqualTo(100);
        assertThat(left.feature("rare").count()).isEqualTo(100);
        assertThat(left.label().categoryCounts().frequencies())
                .isEqualTo(all.label().categoryCounts().frequencies());
    }

    @Test
    void roundTripsThroughVersionedBytes() {
        WindowSummary summary = new WindowSummary(new SummaryConfig(100, 16));
        Random random = new Random(8);
        for (int i = 0; i < 5_000; i++) {
            summary.observe(
                    features(random.nextGaussian(), "c" + random.nextInt(40)),
                    random.nextInt(3),
                    null);
        }
        summary.feature("never").addMissing();

        byte[] bytes = summary.toBytes();
        WindowSummary back = WindowSummary.fromBytes(bytes);

        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(WindowSummary.FORMAT_VERSION);
        assertThat(back.config()).isEqualTo(new SummaryConfig(100, 16));
        assertThat(back.eventCount()).isEqualTo(5_000);
        assertThat(back.feature("amount").numericSketch().quantile(0.9))
                .isEqualTo(summary.feature("amount").numericSketch().quantile(0.9));
        assertThat(back.feature("colour").categoryCounts().frequencies())
                .isEqualTo(summary.feature("colour").categoryCounts().frequencies());
        assertThat(back.feature("colour").categoryCounts().otherCount())
                .isEqualTo(summary.feature("colour").categoryCounts().otherCount())
                .isPositive();
        assertThat(back.feature("never").kind()).isEqualTo(ObservedKind.UNKNOWN);
        assertThat(back.feature("never").missing()).isEqualTo(1);
        assertThat(back.prediction().numericSketch().count()).isEqualTo(5_000);
        assertThat(back.label().kind()).isEqualTo(ObservedKind.UNKNOWN);
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = new WindowSummary().toBytes();
        ByteBuffer.wrap(bytes).putInt(7);

        assertThatThrownBy(() -> WindowSummary.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported window summary format version 7");
    }

    @Test
    void rejectsTruncatedBytes() {
        WindowSummary summary = new WindowSummary();
        summary.observe(features(1.0, "a"), 1, 1);
        byte[] bytes = summary.toBytes();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);

        assertThatThrownBy(() -> WindowSummary.fromBytes(truncated))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statePerFeatureStaysUnderEightKibAtDefaults() {
        // A typical busy window: 200k events, a numeric feature and a 300-category feature
        // (over the 256 limit, so the categorical map is full).
        Random random = new Random(9);
        WindowSummary numericOnly = new WindowSummary();
        WindowSummary categoricalOnly = new WindowSummary();
        WindowSummary empty = new WindowSummary();
        for (int i = 0; i < 200_000; i++) {
            numericOnly.feature("amount").addNumeric(random.nextGaussian() * 100);
            categoricalOnly.feature("merchant").addCategory("merchant-" + random.nextInt(300));
        }
        int overhead = empty.toBytes().length;

        int numericBytes = numericOnly.toBytes().length - overhead;
        int categoricalBytes = categoricalOnly.toBytes().length - overhead;

        assertThat(numericBytes).isLessThanOrEqualTo(8 * 1024);
        assertThat(categoricalBytes).isLessThanOrEqualTo(8 * 1024);
    }

    private static Map<String, Object> features(Double amount, String colour) {
        Map<String, Object> f = new HashMap<>();
        f.put("amount", amount);
        f.put("colour", colour);
        return f;
    }
}
