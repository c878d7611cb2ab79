package io.driftline.core.metrics;

import java.io.Serializable;
import java.util.Locale;

/**
 * A threshold on a metric series' window value, e.g. {@code model_accuracy<0.9} (the window mean
 * below 0.9) or {@code model_prediction_errors_total>5} (a counter rising faster than 5 per
 * second).
 *
 * @param metric the metric name
 * @param below true for {@code <}, false for {@code >}
 * @param threshold the limit
 */
public record MetricRule(String metric, boolean below, double threshold) implements Serializable {

    /** Parses {@code name<value} or {@code name>value}. */
    public static MetricRule parse(String text) {
        String t = text.strip();
        int i = Math.max(t.indexOf('<'), t.indexOf('>'));
        if (i <= 0 || i == t.length() - 1) {
            throw new IllegalArgumentException(
                    "a metric rule looks like 'model_accuracy<0.9' or 'errors_total>5', got '"
                            + text
                            + "'");
        }
        try {
            return new MetricRule(
                    t.substring(0, i).strip(),
                    t.charAt(i) == '<',
                    Double.parseDouble(t.substring(i + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the threshold of metric rule '" + text + "' is not a number", e);
        }
    }

    public boolean breachedBy(double value) {
        return below ? value < threshold : value > threshold;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s%s%s", metric, below ? "<" : ">", threshold);
    }
}
