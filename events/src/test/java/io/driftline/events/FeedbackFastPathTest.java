package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The streaming feedback decoder is held to the tree decoder: whatever it accepts, the tree decoder
 * accepts as the same event; every event Driftline writes takes the fast path.
 */
class FeedbackFastPathTest {

    private static final EventLimits LIMITS = EventLimits.DEFAULTS;

    @Property(tries = 4000)
    void acceptsOnlyWhatTheTreeDecoderAcceptsAsTheSameEvent(@ForAll("feedbackish") byte[] payload) {
        if (payload.length > LIMITS.maxPayloadBytes() || StrictUtf8.problem(payload) != null) {
            return; // parse() refuses these before either decoder runs
        }
        FeedbackEvent fast = FeedbackFastPath.decode(payload, LIMITS);
        ParseResult<FeedbackEvent> tree = EventJson.parseTree(payload, FeedbackEvent.class, LIMITS);
        if (fast != null) {
            assertThat(tree.isValid()).as("tree: %s", tree).isTrue();
            assertThat(fast).isEqualTo(tree.value());
        }
    }

    @Property(tries = 1000)
    void everyEventDriftlineWritesTakesTheFastPath(@ForAll("events") FeedbackEvent event) {
        byte[] json = EventJson.toJson(event);
        assertThat(FeedbackFastPath.decode(json, LIMITS)).isEqualTo(event);
    }

    @Test
    void anUnknownFieldIsLeftToTheTreeDecoderWhichIgnoresIt() {
        String json =
                "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"features\":{\"a\":1},"
                        + "\"prediction\":1,\"trace\":{\"span\":[1,2]}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(FeedbackFastPath.decode(bytes, LIMITS)).isNull();
        assertThat(EventJson.parseFeedback(bytes).isValid()).isTrue();
    }

    @Test
    void nullsAreAbsentAndANullFeatureIsMissing() {
        String json =
                "{\"schema\":1,\"event_id\":\"e\",\"model\":\"m\",\"model_version\":null,"
                        + "\"ts\":1,\"features\":{\"a\":null,\"b\":\"x\"},\"prediction\":0,"
                        + "\"confidence_score\":null,\"actual\":null,\"segment\":null}";
        FeedbackEvent event =
                FeedbackFastPath.decode(json.getBytes(StandardCharsets.UTF_8), LIMITS);
        assertThat(event).isNotNull();
        assertThat(event.features())
                .containsExactly(
                        Map.entry("a", FeatureValue.MISSING),
                        Map.entry("b", new FeatureValue.Categorical("x")));
        assertThat(event.modelVersion()).isNull();
        assertThat(event.actual()).isNull();
    }

    /** Valid feedback with odd pieces inserted or put in place of others. */
    @Provide
    Arbitrary<byte[]> feedbackish() {
        Arbitrary<String> base =
                Arbitraries.of(
                        "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"m.v_2\",\"model_version\":\"3\",\"ts\":1700000000000,\"features\":{\"a\":1.5,\"b\":-2,\"c\":\"x\",\"d\":null},\"prediction\":1,\"confidence_score\":0.75,\"actual\":0,\"segment\":{\"region\":\"eu\"}}",
                        "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":0,\"actual\":\"yes\"}",
                        "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":5,\"features\":{\"k\":\"\"},\"prediction\":\"no\"}");
        Arbitrary<String> fragments =
                Arbitraries.of(
                        "\\u0000",
                        "\\ud800",
                        "\\u0001",
                        "$",
                        ".",
                        "\"\"",
                        "NaN",
                        "1e999",
                        "-1",
                        "1.0",
                        "1e2",
                        "99999999999999999999",
                        "9223372036854775807",
                        "253402300800000",
                        "true",
                        "null",
                        "[]",
                        "{}",
                        "\"",
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\\",
                        "\"x\":1,",
                        "\"schema\":2,",
                        "\"features\":{},",
                        "\"ts\":null,",
                        "\"confidence_score\":1.5,",
                        "\"prediction\":null,",
                        "\"event_id\":\"\",",
                        "\"model\":\"..\",",
                        "\"segment\":{\"a\":null},",
                        "\"$x\":1,",
                        "\u00e9",
                        // duplicates: a feature, a root field, a segment key
                        "\"a\":2,",
                        "\"ts\":5,",
                        "\"region\":\"us\",",
                        "\"event_id\":\"e\",");
        return PayloadMutations.of(base, fragments, 260, 8);
    }

    /** Events as producers build them: any mix of the optional parts. */
    @Provide
    Arbitrary<FeedbackEvent> events() {
        Arbitrary<String> names =
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('_', '-')
                        .ofMinLength(1)
                        .ofMaxLength(12);
        Arbitrary<FeatureValue> values =
                Arbitraries.oneOf(
                        Arbitraries.doubles()
                                .between(-1e300, 1e300)
                                .map(v -> (FeatureValue) new FeatureValue.Numeric(v)),
                        Arbitraries.strings()
                                .ofMaxLength(20)
                                .filter(s -> EventDecoder.Keys.CATEGORY.problem(s) == null)
                                .map(v -> (FeatureValue) new FeatureValue.Categorical(v)),
                        Arbitraries.just(FeatureValue.MISSING));
        Arbitrary<Map<String, FeatureValue>> features =
                Arbitraries.maps(names, values).ofMinSize(1).ofMaxSize(12).map(LinkedHashMap::new);
        Arbitrary<FeatureValue> outcome = values.injectNull(0.4);
        return Combinators.combine(
                        names,
                        Arbitraries.longs().between(0, EventDecoder.MAX_TIMESTAMP),
                        features,
                        outcome,
                        Arbitraries.doubles().between(0, 1).injectNull(0.5),
                        outcome,
                        Arbitraries.maps(names, names).ofMaxSize(3),
                        names.injectNull(0.5))
                .as(
                        (id, ts, feats, prediction, confidence, actual, segment, version) ->
                                new FeedbackEvent(
                                        id,
                                        "model-" + id,
                                        version,
                                        ts,
                                        feats,
                                        absent(prediction) && absent(actual)
                                                ? new FeatureValue.Numeric(1)
                                                : prediction,
                                        confidence,
                                        actual,
                                        segment));
    }

    private static boolean absent(FeatureValue value) {
        return value == null || value.isMissing();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
