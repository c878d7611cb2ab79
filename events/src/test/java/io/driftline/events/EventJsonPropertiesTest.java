package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the decoder: any byte string is either a valid message or a one-line reason, never
 * an exception; strict UTF-8 agrees with the JDK's reporting decoder.
 */
class EventJsonPropertiesTest {

    private static final Class<?>[] TYPES = {
        FeedbackEvent.class, MetricSample.class, DriftReport.class, RetrainTrigger.class,
        RetrainStatus.class, ModelPublished.class, DeadLetter.class, Alert.class
    };

    @Property(tries = 3000)
    void anyBytesGiveValidOrAReason(@ForAll("payloads") byte[] payload) {
        for (Class<?> type : TYPES) {
            ParseResult<?> result = EventJson.parse(payload, type, EventLimits.DEFAULTS);
            if (result.isValid()) {
                // what parses must also serialize back and parse again to the same value
                assertThat(
                                EventJson.parse(
                                                EventJson.toJson(result.value()),
                                                type,
                                                EventLimits.DEFAULTS)
                                        .value())
                        .isEqualTo(result.value());
            } else {
                assertThat(result.reason()).isNotBlank().doesNotContain("\n").hasSizeLessThan(300);
                assertThat(result.reason()).doesNotStartWith("unexpected error");
                assertThat(StrictUtf8.unpairedSurrogate(result.reason())).isEqualTo(-1);
            }
        }
    }

    @Property(tries = 5000)
    void strictUtf8AgreesWithTheJdk(@ForAll("utf8ish") byte[] bytes) {
        boolean jdk = JdkUtf8.decodes(bytes);
        boolean hasNulOrBom = false;
        for (byte b : bytes) {
            hasNulOrBom |= b == 0;
        }
        hasNulOrBom |=
                bytes.length >= 3
                        && (bytes[0] & 0xFF) == 0xEF
                        && (bytes[1] & 0xFF) == 0xBB
                        && (bytes[2] & 0xFF) == 0xBF;
        assertThat(StrictUtf8.problem(bytes) == null).isEqualTo(jdk && !hasNulOrBom);
    }

    /** Random bytes, mutated valid messages, and JSON-ish text with odd escapes and numbers. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<String> base =
                Arbitraries.of(
                        "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1700000000000,\"features\":{\"a\":1,\"c\":\"x\"},\"prediction\":1,\"actual\":0}",
                        "{\"name\":\"latency\",\"labels\":{\"model\":\"m\"},\"value\":1.5,\"ts\":1}",
                        "{\"model\":\"m\",\"version\":1,\"artifact_uri\":\"file:/a\",\"sha256\":\""
                                + "0".repeat(64)
                                + "\",\"stage\":\"production\",\"published_at\":1,\"reference_profile\":{\"sample_count\":1,\"features\":{\"a\":{\"kind\":\"numeric\",\"count\":1,\"missing\":0,\"sketch\":\"AAAA\"}}}}");
        Arbitrary<String> fragments =
                Arbitraries.of(
                        "\\u0000",
                        "\\ud800",
                        "\\udc00",
                        "$",
                        ".",
                        "NaN",
                        "1e999",
                        "-1e308",
                        "\"",
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "null",
                        "9223372036854775807",
                        "\\",
                        "\u00e9",
                        "\uD83D\uDE00",
                        "\u0001");
        Arbitrary<byte[]> mutated =
                Combinators.combine(base, Arbitraries.integers().between(0, 400), fragments)
                        .as(
                                (json, at, fragment) -> {
                                    int i = Math.min(at, json.length());
                                    return (json.substring(0, i) + fragment + json.substring(i))
                                            .getBytes(StandardCharsets.UTF_8);
                                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> valid = base.map(json -> json.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(mutated, random, valid, utf8ish());
    }

    /**
     * Byte strings near UTF-8: valid text with stray lead, continuation and high bytes mixed in.
     */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<byte[]> pieces =
                Arbitraries.oneOf(
                        Arbitraries.strings()
                                .all()
                                .ofMaxLength(4)
                                .map(text -> text.getBytes(StandardCharsets.UTF_8)),
                        Arbitraries.bytes()
                                .between((byte) 0x80, (byte) 0xFF)
                                .array(byte[].class)
                                .ofMinSize(1)
                                .ofMaxSize(4),
                        Arbitraries.of(
                                new byte[] {(byte) 0xC0, (byte) 0xAF},
                                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                new byte[] {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
                                new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}));
        return pieces.list()
                .ofMaxSize(12)
                .map(
                        list -> {
                            int n = list.stream().mapToInt(b -> b.length).sum();
                            byte[] out = new byte[n];
                            int at = 0;
                            for (byte[] b : list) {
                                System.arraycopy(b, 0, out, at, b.length);
                                at += b.length;
                            }
                            return out;
                        });
    }
}
