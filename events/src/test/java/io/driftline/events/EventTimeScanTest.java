package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeScanTest {

    private static long scan(String json) {
        return EventJson.eventTime(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelTsWhereverItIs() {
        assertThat(scan("{\"ts\":1700000000000,\"model\":\"m\"}")).isEqualTo(1_700_000_000_000L);
        assertThat(
                        scan(
                                "{\"event_id\":\"e\",\"features\":{\"ts\":5,\"x\":[1,{\"ts\":6}]},"
                                        + "\"ts\":42,\"prediction\":1}"))
                .isEqualTo(42);
        assertThat(EventJson.eventTime(EventJson.toJson(SampleEvents.feedback())))
                .isEqualTo(SampleEvents.feedback().ts());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "{\"features\":{\"ts\":5}}",
                "{\"ts\":\"1700000000000\"}",
                "{\"ts\":1.5}",
                "{\"ts\":99999999999999999999999}",
                "{\"ts\":null}",
                "{\"a\":"
            })
    void anythingWithoutAnIntegralTopLevelTsHasNoEventTime(String json) {
        assertThat(scan(json)).isEqualTo(EventJson.NO_EVENT_TIME);
    }

    @Test
    void invalidUtf8HasNoEventTime() {
        byte[] json = {
            '{',
            '"',
            't',
            's',
            '"',
            ':',
            '1',
            ',',
            '"',
            'a',
            '"',
            ':',
            '"',
            (byte) 0xc0,
            (byte) 0xaf,
            '"',
            '}'
        };
        assertThat(EventJson.eventTime(json)).isEqualTo(EventJson.NO_EVENT_TIME);
    }
}
