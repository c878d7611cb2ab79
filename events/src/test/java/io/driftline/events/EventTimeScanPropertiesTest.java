package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event-time byte scan gives the streaming parser's answer for any payload. */
class EventTimeScanPropertiesTest {

    @Property(tries = 5000)
    void theScanAgreesWithTheParser(@ForAll("payloads") byte[] payload) {
        if (StrictUtf8.problem(payload) != null) {
            return; // both give no event time; eventTime checks this first
        }
        assertThat(EventJson.eventTime(payload))
                .as(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo(EventJson.eventTimeByParser(payload));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"ts\":5",
                "{\"ts\":5x",
                "{\"ts\":5.",
                "{\"ts\":5e",
                "{\"ts\":-0}",
                "{\"ts\":00}",
                "{\"ts\":-}",
                "{\"ts\":+5}",
                "{\"ts\":9223372036854775807}",
                "{\"ts\":9223372036854775808}",
                "{\"ts\":-9223372036854775808}",
                "{\"ts\":-9223372036854775809}",
                "{\"ts\":1234567890123456789012}",
                "{ \"a\" : [ 1 , { \"ts\" : 2 } ] , \"ts\" : 3 }",
                "{\"features\":{\"ts\":5},\"ts\":6}",
                "{\"a\":\"ts\",\"ts\":7}",
                "{\"a\":\"\\\"ts\\\":8\",\"ts\":9}",
                "{\"t\\u0073\":10}",
                "{\"a\":01,\"ts\":11}",
                "{\"a\":1.,\"ts\":12}",
                "{\"a\":tru,\"ts\":13}",
                "{\"a\":true,\"ts\":14}",
                "{\"a\":\"\t\",\"ts\":15}",
                "{\"a\":\"é\",\"ts\":16}",
                "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]"
                        + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"ts\":17}",
                "{\"a\":1,\"a\":2,\"ts\":18}",
                "{\"a\":{},\"b\":[],\"ts\":19} trailing",
                "{\"ts\":20,\"ts\":21}",
                "  {\"ts\":\"22\"}",
                "{}",
                "{\"a\":1,}",
                "{\"a\" 1,\"ts\":23}"
            })
    void edgeCasesAgreeWithTheParser(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        assertThat(EventJson.eventTime(payload)).isEqualTo(EventJson.eventTimeByParser(payload));
    }

    @org.junit.jupiter.api.Test
    void theScanReadsWhatDriftlineWritesWithoutTheParser() {
        FeedbackEvent event = SampleEvents.feedback();
        byte[] json = EventJson.toJson(event);
        // Unsure would be thrown where the scan left the payload to the parser
        assertThat(EventTimeScan.eventTime(json)).isEqualTo(event.ts());
        byte[] nested =
                bytes("{\"schema\":1,\"features\":{\"ts\":5,\"x\":[1,{\"ts\":6}]},\"ts\":42}");
        assertThat(EventTimeScan.eventTime(nested)).isEqualTo(42);
    }

    /** Feedback payloads with odd pieces inserted or put in place of others. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<String> base =
                Arbitraries.of(
                        "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"m\",\"model_version\":\"3\","
                                + "\"features\":{\"ts\":1.5,\"b\":[-2,{\"ts\":3}],\"c\":\"x\"},"
                                + "\"ts\":1700000000000,\"prediction\":1,\"segment\":{}}",
                        "{ \"a\" : [ true , false , null , -1.5e+3 ] , \"ts\" : 42 }",
                        "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":0,\"actual\":\"yes\"}");
        Arbitrary<String> fragments =
                Arbitraries.of(
                        "\\u0074",
                        "\\\"",
                        "\\",
                        "\"",
                        "\"ts\":",
                        "\"ts\":5,",
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        " ",
                        "\t",
                        "\n",
                        "0",
                        "01",
                        "-",
                        ".",
                        "e",
                        "E+",
                        "1.0",
                        "1e3",
                        "99999999999999999999",
                        "9223372036854775807",
                        "-9223372036854775808",
                        "null",
                        "true",
                        "tru",
                        "é",
                        "\u0001",
                        "\"x\":{\"ts\":1},",
                        "[[[",
                        "]]]");
        return PayloadMutations.of(base, fragments, 200, 6);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
