package io.driftline.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One sample of a model-serving or infrastructure metric, as a Prometheus remote-write bridge would
 * send it (topic {@code driftline.metrics}, key = {@link #seriesKey()}).
 *
 * @param name metric name, e.g. {@code inference_latency_seconds}
 * @param labels label name to value; empty when absent
 * @param value the sample value, finite
 * @param ts sample time, epoch millis
 */
public record MetricSample(String name, Map<String, String> labels, double value, long ts) {

    /** The label that names the model a sample belongs to. */
    public static final String MODEL_LABEL = "model";

    public MetricSample {
        Objects.requireNonNull(name, "name");
        labels = WireCollections.map(labels, "labels");
    }

    /**
     * The series identity: the name and the labels sorted by name, in Prometheus text form, e.g.
     * {@code latency{host="a",model="m"}}; the same for any label order.
     */
    public String seriesKey() {
        StringBuilder key = new StringBuilder(name);
        key.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                key.append(',');
            }
            first = false;
            key.append(label.getKey()).append("=\"");
            appendEscaped(key, label.getValue());
            key.append('"');
        }
        return key.append('}').toString();
    }

    /** The {@code model} label, when present. */
    public Optional<String> model() {
        return Optional.ofNullable(labels.get(MODEL_LABEL));
    }

    private static void appendEscaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
