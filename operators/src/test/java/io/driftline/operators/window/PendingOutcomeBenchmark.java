package io.driftline.operators.window;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * How the drift function's per-event cost grows with the number of predictions waiting for an
 * outcome: one model, predictions without outcomes (so they all wait), measured in steps of 100,000
 * events from 0 to {@code args[0]} pending (default 1,000,000). Prints {@code pending=<n> <ns>
 * ns/event} per step; a flat column is an O(1) join. Run by hand (not a test): see the README.
 */
public final class PendingOutcomeBenchmark {

    private PendingOutcomeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int step = 100_000;
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
            for (int done = 0; done < total; done += step) {
                long start = System.nanoTime();
                for (int i = done; i < done + step; i++) {
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
                double ns = (System.nanoTime() - start) / (double) step;
                System.out.printf(Locale.ROOT, "pending=%d %.0f ns/event%n", done + step, ns);
            }
        }
    }
}
