package io.driftline.operators.window;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * How the drift job's per-event cost grows with the number of predictions waiting for an outcome:
 * one model, predictions without outcomes (so they all wait), through the window stages and the
 * outcome join, from 0 to {@code args[0]} pending (default 10,000,000). Prints the mean cost of
 * each decade, {@code pending=<from>..<to> <ns> ns/event}; a flat column is an O(1) join. Run by
 * hand (not a test): see the README.
 */
public final class PendingOutcomeBenchmark {

    private PendingOutcomeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        try (var h = DriftDetectionFunctionTest.harness()) {
            h.setProcessingTime(0);
            h.processWatermark(new Watermark(0));
            Map<String, FeatureValue> features =
                    Map.of(
                            "x",
                            new FeatureValue.Numeric(1.5),
                            "c",
                            new FeatureValue.Categorical("a"));
            FeatureValue prediction = new FeatureValue.Numeric(1);
            int done = 0;
            for (int next = 1_000; done < total; next = (int) Math.min(total, next * 10L)) {
                long start = System.nanoTime();
                for (int i = done; i < next; i++) {
                    // all in one (open) window: the window work per event stays the same
                    h.processElement(
                            new FeedbackEvent(
                                    "e" + i,
                                    "m",
                                    "1",
                                    1_000,
                                    features,
                                    prediction,
                                    null,
                                    null,
                                    Map.of()),
                            1_000);
                }
                double ns = (System.nanoTime() - start) / (double) (next - done);
                System.out.printf(Locale.ROOT, "pending=%d..%d %.0f ns/event%n", done, next, ns);
                done = next;
            }
        }
    }
}
