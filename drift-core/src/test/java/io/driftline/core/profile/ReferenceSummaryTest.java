package io.driftline.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.sketch.NumericSketch;
import io.driftline.core.summary.ObservedKind;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureProfile;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceSummaryTest {

    private static final Map<String, Double> BASELINE = Map.of("accuracy", 0.91, "f1", 0.87);

    @Test
    void roundTripsThroughVersionedBytes() {
        ReferenceSummary profile = new ReferenceSummary(trainingSummary(), BASELINE);

        ReferenceSummary back = ReferenceSummary.fromBytes(profile.toBytes());

        assertThat(back.sampleCount()).isEqualTo(20_000);
        assertThat(back.baselinePerformance()).isEqualTo(BASELINE);
        assertThat(back.feature("amount").numericSketch().quantile(0.5))
                .isEqualTo(profile.feature("amount").numericSketch().quantile(0.5));
        assertThat(back.feature("merchant").categoryCounts().frequencies())
                .isEqualTo(profile.feature("merchant").categoryCounts().frequencies());
        assertThat(back.summary().label().categoryCounts().frequencies())
                .isEqualTo(profile.summary().label().categoryCounts().frequencies());
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = new ReferenceSummary(new WindowSummary(), Map.of()).toBytes();
        ByteBuffer.wrap(bytes).putInt(3);

        assertThatThrownBy(() -> ReferenceSummary.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported reference profile format version 3");
    }

    @Test
    void wireFormCarriesTheContract() {
        ReferenceSummary profile = new ReferenceSummary(trainingSummary(), BASELINE);

        io.driftline.events.ReferenceProfile data = profile.toEvent();

        assertThat(data.sampleCount()).isEqualTo(20_000);
        assertThat(data.baselinePerformance()).isEqualTo(BASELINE);
        assertThat(data.features())
                .containsKeys(
                        "amount",
                        "merchant",
                        "sparse",
                        ReferenceSummary.PREDICTION_FEATURE,
                        ReferenceSummary.LABEL_FEATURE);
        FeatureProfile amount = data.features().get("amount");
        assertThat(amount.kind()).isEqualTo(io.driftline.events.FeatureKind.NUMERIC);
        assertThat(amount.count()).isEqualTo(20_000);
        assertThat(amount.frequencies()).isEmpty();
        assertThat(Base64.getDecoder().decode(amount.sketch())[0])
                .isEqualTo(NumericSketch.FORMAT_VERSION);
        FeatureProfile merchant = data.features().get("merchant");
        assertThat(merchant.kind()).isEqualTo(io.driftline.events.FeatureKind.CATEGORICAL);
        assertThat(merchant.sketch()).isNull();
        assertThat(merchant.frequencies()).hasSize(8);
        assertThat(merchant.otherCount()).isPositive();
        assertThat(
                        merchant.frequencies().values().stream().mapToLong(Long::longValue).sum()
                                + merchant.otherCount())
                .isEqualTo(merchant.count());
        // only ever missing: numeric without a sketch
        assertThat(data.features().get("sparse").kind())
                .isEqualTo(io.driftline.events.FeatureKind.NUMERIC);
        assertThat(data.features().get("sparse").sketch()).isNull();
        assertThat(data.features().get("sparse").count()).isZero();
        assertThat(data.features().get("sparse").missing()).isEqualTo(20_000);
    }

    @Test
    void wireFormRoundTripsThroughModelPublishedJson() {
        ReferenceSummary profile = new ReferenceSummary(trainingSummary(), BASELINE);
        ModelPublished published =
                new ModelPublished(
                        "fraud",
                        2,
                        1,
                        "fraud-drift-1",
                        "file:///models/fraud/2",
                        "a".repeat(64),
                        Map.of("f1", 0.9),
                        ModelStage.PRODUCTION,
                        profile.toEvent(),
                        1_000L);

        ModelPublished parsed = EventJson.parseModelPublished(EventJson.toJson(published)).value();
        ReferenceSummary back =
                ReferenceSummary.fromEvent(parsed.referenceProfile(), new SummaryConfig(200, 8));

        assertThat(back.toEvent()).isEqualTo(profile.toEvent());
        assertThat(back.feature("sparse").kind()).isEqualTo(ObservedKind.UNKNOWN);
        assertThat(back.feature("merchant").categoryCounts().maxDistinct()).isEqualTo(8);
        assertThat(back.feature("merchant").categoryCounts().cutoffKey())
                .isEqualTo(profile.feature("merchant").categoryCounts().cutoffKey());
        assertThat(back.summary().prediction().kind()).isEqualTo(ObservedKind.NUMERIC);
    }

    @Test
    void fromEventRejectsACountThatDisagreesWithTheSketch() {
        io.driftline.events.ReferenceProfile data =
                new ReferenceSummary(trainingSummary(), BASELINE).toEvent();
        Map<String, FeatureProfile> features = new HashMap<>(data.features());
        FeatureProfile amount = features.get("amount");
        features.put(
                "amount",
                new FeatureProfile(
                        amount.kind(), 5, amount.missing(), amount.sketch(), Map.of(), 0));

        assertThatThrownBy(
                        () ->
                                ReferenceSummary.fromEvent(
                                        new io.driftline.events.ReferenceProfile(
                                                data.sampleCount(), features, BASELINE),
                                        SummaryConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature amount: count 5");
    }

    @Test
    void sketchBase64RoundTripsAndRejectsGarbage() {
        NumericSketch sketch = new NumericSketch();
        for (int i = 0; i < 1000; i++) {
            sketch.update(i);
        }

        NumericSketch back = ReferenceSummary.decodeSketch(ReferenceSummary.encodeSketch(sketch));

        assertThat(back.count()).isEqualTo(1000);
        assertThat(back.quantile(0.5)).isEqualTo(sketch.quantile(0.5));
        assertThatThrownBy(() -> ReferenceSummary.decodeSketch("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void rejectsNonFiniteBaselineMetrics() {
        assertThatThrownBy(
                        () -> new ReferenceSummary(new WindowSummary(), Map.of("mae", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline metric mae must be finite");
    }

    private static WindowSummary trainingSummary() {
        WindowSummary summary = new WindowSummary(new SummaryConfig(200, 8));
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> f = new HashMap<>();
            f.put("amount", random.nextGaussian() * 10 + 50);
            f.put("merchant", "m" + random.nextInt(20));
            f.put("sparse", null);
            summary.observe(f, random.nextDouble(), random.nextBoolean() ? "fraud" : "ok");
        }
        return summary;
    }
}
