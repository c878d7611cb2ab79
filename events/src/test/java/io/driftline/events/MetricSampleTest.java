package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A metric's series key is stable across label order and unambiguous. */
class MetricSampleTest {

    @Test
    void seriesKeySortsLabelsInPrometheusForm() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("model", "fraud");
        forward.put("host", "a");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("host", "a");
        backward.put("model", "fraud");

        String key = new MetricSample("latency", forward, 1.0, 0L).seriesKey();

        assertThat(key).isEqualTo("latency{host=\"a\",model=\"fraud\"}");
        assertThat(new MetricSample("latency", backward, 2.0, 9L).seriesKey()).isEqualTo(key);
    }

    @Test
    void seriesKeyEscapesValuesSoDistinctSeriesStayDistinct() {
        MetricSample oneLabel = new MetricSample("m", Map.of("a", "1\",b=\"2"), 0.0, 0L);
        MetricSample twoLabels = new MetricSample("m", Map.of("a", "1", "b", "2"), 0.0, 0L);

        assertThat(oneLabel.seriesKey()).isEqualTo("m{a=\"1\\\",b=\\\"2\"}");
        assertThat(oneLabel.seriesKey()).isNotEqualTo(twoLabels.seriesKey());
        assertThat(new MetricSample("up", null, 1.0, 0L).seriesKey()).isEqualTo("up{}");
    }

    @Test
    void modelComesFromTheModelLabel() {
        assertThat(SampleEvents.metric().model()).contains("fraud");
        assertThat(new MetricSample("cpu", Map.of("host", "a"), 0.5, 0L).model()).isEmpty();
    }
}
