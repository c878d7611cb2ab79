package io.driftline.operators.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.operators.sketch.NumericSketch;
import io.driftline.operators.summary.FeatureKind;
import io.driftline.operators.summary.SummaryConfig;
import io.driftline.operators.summary.WindowSummary;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {

    private static final Map<String, Double> BASELINE = Map.of("accuracy", 0.91, "f1", 0.87);

    @Test
    void roundTripsThroughVersionedBytes() {
        ReferenceProfile profile = new ReferenceProfile(trainingSummary(), BASELINE);

        ReferenceProfile back = ReferenceProfile.fromBytes(profile.toBytes());

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
        byte[] bytes = new ReferenceProfile(new WindowSummary(), Map.of()).toBytes();
        ByteBuffer.wrap(bytes).putInt(3);

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported reference profile format version 3");
    }

    @Test
    void plainDataFormCarriesTheWireContract() {
        ReferenceProfile profile = new ReferenceProfile(trainingSummary(), BASELINE);

        ReferenceProfileData data = profile.toData();

        assertThat(data.sampleCount()).isEqualTo(20_000);
        assertThat(data.baselinePerformance()).isEqualTo(BASELINE);
        assertThat(data.features())
                .containsKeys(
                        "amount",
                        "merchant",
                        "sparse",
                        ReferenceProfile.PREDICTION_FEATURE,
                        ReferenceProfile.LABEL_FEATURE);
        FeatureProfileData amount = data.features().get("amount");
        assertThat(amount.kind()).isEqualTo("numeric");
        assertThat(amount.count()).isEqualTo(20_000);
        assertThat(amount.frequencies()).isEmpty();
        assertThat(Base64.getDecoder().decode(amount.sketch())[0])
                .isEqualTo(NumericSketch.FORMAT_VERSION);
        FeatureProfileData merchant = data.features().get("merchant");
        assertThat(merchant.kind()).isEqualTo("categorical");
        assertThat(merchant.sketch()).isNull();
        assertThat(merchant.frequencies()).hasSize(8);
        assertThat(merchant.otherCount()).isPositive();
        assertThat(
                        merchant.frequencies().values().stream().mapToLong(Long::longValue).sum()
                                + merchant.otherCount())
                .isEqualTo(merchant.count());
        assertThat(data.features().get("sparse").kind()).isEqualTo("unknown");
        assertThat(data.features().get("sparse").missing()).isEqualTo(20_000);
    }

    @Test
    void plainDataFormRoundTrips() {
        ReferenceProfile profile = new ReferenceProfile(trainingSummary(), BASELINE);

        ReferenceProfile back =
                ReferenceProfile.fromData(profile.toData(), new SummaryConfig(200, 8));

        assertThat(back.toData()).isEqualTo(profile.toData());
        assertThat(back.feature("merchant").categoryCounts().maxDistinct()).isEqualTo(8);
        assertThat(back.feature("merchant").categoryCounts().cutoffKey())
                .isEqualTo(profile.feature("merchant").categoryCounts().cutoffKey());
        assertThat(back.summary().prediction().kind()).isEqualTo(FeatureKind.NUMERIC);
    }

    @Test
    void fromDataRejectsACountThatDisagreesWithTheSketch() {
        ReferenceProfileData data = new ReferenceProfile(trainingSummary(), BASELINE).toData();
        Map<String, FeatureProfileData> features = new HashMap<>(data.features());
        FeatureProfileData amount = features.get("amount");
        features.put(
                "amount",
                new FeatureProfileData(
                        amount.kind(), 5, amount.missing(), amount.sketch(), Map.of(), 0));

        assertThatThrownBy(
                        () ->
                                ReferenceProfile.fromData(
                                        new ReferenceProfileData(
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

        NumericSketch back = ReferenceProfile.decodeSketch(ReferenceProfile.encodeSketch(sketch));

        assertThat(back.count()).isEqualTo(1000);
        assertThat(back.quantile(0.5)).isEqualTo(sketch.quantile(0.5));
        assertThatThrownBy(() -> ReferenceProfile.decodeSketch("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void rejectsNonFiniteBaselineMetrics() {
        assertThatThrownBy(
                        () -> new ReferenceProfile(new WindowSummary(), Map.of("mae", Double.NaN)))
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
