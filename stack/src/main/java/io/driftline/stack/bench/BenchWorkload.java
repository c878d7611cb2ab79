package io.driftline.stack.bench;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The end-to-end benchmark's feedback: {@code models} classifiers with ten numeric features and one
 * categorical, their predictions spread evenly over {@code [start, start + span)} in event time, a
 * shift halfway. 30 % of predictions carry their outcome, 40 % get it later in an outcome-only
 * event (5 to 25 s of event time after the prediction), 30 % never do, so 70 % of the predictions
 * travel without an outcome.
 *
 * <p>After the shift three numeric features move by one standard deviation, the categorical mix
 * changes and the outcome's relation to the inputs flips sign (the deployed model's accuracy
 * drops): every window after the shift must be flagged, none before it.
 */
final class BenchWorkload {

    static final int NUMERIC_FEATURES = 10;
    static final String CATEGORICAL = "channel";
    private static final String[] CHANNELS = {"web", "app", "branch", "partner"};
    private static final double[] BEFORE = {0.5, 0.3, 0.15, 0.05};
    private static final double[] AFTER = {0.2, 0.3, 0.15, 0.35};
    private static final String[] NUMERIC = new String[NUMERIC_FEATURES];

    static {
        for (int i = 0; i < NUMERIC_FEATURES; i++) {
            NUMERIC[i] = String.format("feature_%02d", i);
        }
    }

    private final String[] models;
    private final long start;
    private final long span;
    private final SplittableRandom rnd;

    /**
     * @param models how many models share the traffic (named {@code model-000} ...)
     * @param start event time of the first prediction, epoch millis
     * @param span event time covered by the predictions, millis
     */
    BenchWorkload(int models, long start, long span, long seed) {
        this.models = new String[models];
        for (int i = 0; i < models; i++) {
            this.models[i] = String.format("model-%03d", i);
        }
        this.start = start;
        this.span = span;
        this.rnd = new SplittableRandom(seed);
    }

    /** Event time of the shift. */
    long shiftAt() {
        return start + span / 2;
    }

    /** Predictions needed for {@code records} records in all (outcome-only events included). */
    static long predictionsFor(long records) {
        return Math.round(records / 1.4);
    }

    /**
     * Emits {@code records} events in event-time order (an outcome-only event when its time has
     * come), to {@code out}.
     */
    void generate(long records, Consumer<FeedbackEvent> out) {
        long predictions = predictionsFor(records);
        PriorityQueue<FeedbackEvent> outcomes =
                new PriorityQueue<>((a, b) -> Long.compare(a.ts(), b.ts()));
        Deque<FeedbackEvent> ready = new ArrayDeque<>();
        long emitted = 0;
        for (long i = 0; i < predictions && emitted < records; i++) {
            long ts = start + (long) ((double) i * span / predictions);
            while (!outcomes.isEmpty() && outcomes.peek().ts() <= ts) {
                ready.add(outcomes.poll());
            }
            while (!ready.isEmpty() && emitted < records) {
                out.accept(ready.poll());
                emitted++;
            }
            if (emitted >= records) {
                break;
            }
            FeedbackEvent prediction = prediction(i, ts, outcomes);
            out.accept(prediction);
            emitted++;
        }
        while (!outcomes.isEmpty() && emitted < records) {
            out.accept(outcomes.poll());
            emitted++;
        }
    }

    private FeedbackEvent prediction(long i, long ts, PriorityQueue<FeedbackEvent> outcomes) {
        boolean shifted = ts >= shiftAt();
        String model = models[(int) (i % models.length)];
        // a UUID-shaped id, as producers send them
        String eventId =
                new java.util.UUID(0x5eed_0000_0000_4000L | i, 0x8000_0000_0000_0000L | i)
                        .toString();
        Map<String, FeatureValue> features = new LinkedHashMap<>(16);
        double[] x = new double[NUMERIC_FEATURES];
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            double mean = f * 0.5 + (shifted && f < 3 ? 1.0 : 0.0);
            x[f] = mean + normal();
            features.put(NUMERIC[f], new FeatureValue.Numeric(Math.round(x[f] * 1e4) / 1e4));
        }
        features.put(CATEGORICAL, new FeatureValue.Categorical(pick(shifted ? AFTER : BEFORE)));
        double score = 0.9 * (x[0]) - 0.7 * (x[1] - 0.5) + 0.4 * (x[3] - 1.5);
        double deployed = logistic(score);
        double truth = shifted ? logistic(-score) : deployed;
        FeatureValue predicted = label(deployed >= 0.5);
        FeatureValue actual = label(rnd.nextDouble() < truth);
        double confidence = Math.round(Math.max(deployed, 1 - deployed) * 1e4) / 1e4;
        double u = rnd.nextDouble();
        if (u < 0.4) {
            long delay = 5_000 + rnd.nextLong(20_000);
            outcomes.add(
                    new FeedbackEvent(
                            eventId,
                            model,
                            "1",
                            ts + delay,
                            Map.of(),
                            null,
                            null,
                            actual,
                            Map.of()));
        }
        return new FeedbackEvent(
                eventId,
                model,
                "1",
                ts,
                features,
                predicted,
                confidence,
                u >= 0.4 && u < 0.7 ? actual : null,
                Map.of());
    }

    private String pick(double[] weights) {
        double u = rnd.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                return CHANNELS[i];
            }
        }
        return CHANNELS[weights.length - 1];
    }

    private double normal() {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static FeatureValue label(boolean positive) {
        return new FeatureValue.Numeric(positive ? 1 : 0);
    }
}
