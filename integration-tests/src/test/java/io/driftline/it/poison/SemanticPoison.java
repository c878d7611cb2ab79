package io.driftline.it.poison;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid records that crashed the drift job (issue 9): numbers whose arithmetic overflows, a feature
 * that changes kind, a published reference whose sketch is garbage, and an event far in the future.
 * Each case is raw JSON, so it stays what a foreign producer would send whatever the record types
 * become.
 */
final class SemanticPoison {

    /** A record for one topic; {@code eventId} names a feedback event that must be stored. */
    record Sent(String topic, String key, String eventId, byte[] value) {}

    static final String REGRESSION_MODEL = "poison-regression";
    static final String KIND_FLIP_MODEL = "poison-kind-flip";
    static final String SKETCH_MODEL = "poison-sketch";
    static final String METRICS_MODEL = "poison-metrics";

    private SemanticPoison() {}

    /**
     * One tick of a brand-new regression model whose features, predictions and actuals are around
     * 1e200 (their squares overflow a double); sent over several windows, so a reference is learned
     * from them and later windows are judged against it.
     */
    static List<Sent> regressionTick(String feedbackTopic, int tick, int perTick, long now) {
        SplittableRandom rnd = new SplittableRandom(tick);
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < perTick; i++) {
            String id = "semantic-regression-" + tick + "-" + i;
            double scale = 1e200 * (1 + rnd.nextDouble());
            String json =
                    "{\"schema\":1,\"event_id\":\""
                            + id
                            + "\",\"model\":\""
                            + REGRESSION_MODEL
                            + "\",\"model_version\":\"1\",\"ts\":"
                            + now
                            + ",\"features\":{\"load\":"
                            + scale
                            + ",\"tiny\":"
                            + (rnd.nextBoolean() ? "5e-324" : "-5e-324")
                            + "},\"prediction\":"
                            + scale * (rnd.nextBoolean() ? 1 : -1)
                            + ",\"actual\":"
                            + -scale
                            + "}";
            out.add(new Sent(feedbackTopic, REGRESSION_MODEL, id, utf8(json)));
        }
        return out;
    }

    /**
     * Within one window of one new model: feature {@code x} numeric in some events and a string in
     * others, feature {@code y} numeric except for a string {@code "NaN"}.
     */
    static List<Sent> kindFlip(String feedbackTopic, long now) {
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "semantic-kind-flip-" + i;
            String x = i % 2 == 0 ? Double.toString(i * 1.5) : "\"v" + i + "\"";
            String y = i == 7 ? "\"NaN\"" : Double.toString(i);
            String json =
                    "{\"event_id\":\""
                            + id
                            + "\",\"model\":\""
                            + KIND_FLIP_MODEL
                            + "\",\"ts\":"
                            + now
                            + ",\"features\":{\"x\":"
                            + x
                            + ",\"y\":"
                            + y
                            + "},\"prediction\":"
                            + (i % 2)
                            + ",\"actual\":1}";
            out.add(new Sent(feedbackTopic, KIND_FLIP_MODEL, id, utf8(json)));
        }
        return out;
    }

    /**
     * Events of the demo models (which have a learned numeric reference by now) where a numeric
     * feature arrives as a string: {@code "NaN"} for credit-risk's income, a quoted number for
     * churn's tenure.
     */
    static List<Sent> numericAsString(String feedbackTopic, long now) {
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "semantic-nan-string-credit-risk-" + i;
            out.add(
                    new Sent(
                            feedbackTopic,
                            "credit-risk",
                            id,
                            utf8(
                                    "{\"event_id\":\""
                                            + id
                                            + "\",\"model\":\"credit-risk\",\"model_version\":\"1\",\"ts\":"
                                            + now
                                            + ",\"features\":{\"income\":\"NaN\",\"age\":40.0,\"debt_ratio\":0.3,"
                                            + "\"region\":\"north\",\"channel\":\"web\"},\"prediction\":1,"
                                            + "\"confidence_score\":0.8,\"actual\":1}")));
            id = "semantic-string-number-churn-" + i;
            out.add(
                    new Sent(
                            feedbackTopic,
                            "churn",
                            id,
                            utf8(
                                    "{\"event_id\":\""
                                            + id
                                            + "\",\"model\":\"churn\",\"model_version\":\"1\",\"ts\":"
                                            + now
                                            + ",\"features\":{\"tenure_months\":\"12\",\"monthly_spend\":40.5,"
                                            + "\"support_calls\":1,\"plan\":\"basic\"},\"prediction\":0,\"actual\":0}")));
        }
        return out;
    }

    /** Two samples of -1e308 in one window of one series: their sum overflows to -Infinity. */
    static List<Sent> hugeNegativeMetrics(String metricsTopic, long now) {
        List<Sent> out = new ArrayList<>();
        for (String name : List.of("model_accuracy", "poison_gauge")) {
            String key = name + "{instance=\"poison-0\",model=\"" + METRICS_MODEL + "\"}";
            for (int i = 0; i < 2; i++) {
                String json =
                        "{\"schema\":1,\"name\":\""
                                + name
                                + "\",\"labels\":{\"model\":\""
                                + METRICS_MODEL
                                + "\",\"instance\":\"poison-0\"},\"value\":-1e308,\"ts\":"
                                + (now + i)
                                + "}";
                out.add(new Sent(metricsTopic, key, null, utf8(json)));
            }
        }
        return out;
    }

    /**
     * A production version of a new model whose reference has a numeric feature with a sketch that
     * is valid base64 of random bytes, followed by traffic of that model, so a window is judged
     * against it.
     */
    static List<Sent> garbageSketch(String modelUpdatesTopic, String feedbackTopic, long now) {
        byte[] garbage = new byte[96];
        new SplittableRandom(42).nextBytes(garbage);
        String sketch = Base64.getEncoder().encodeToString(garbage);
        String published =
                "{\"schema\":1,\"model\":\""
                        + SKETCH_MODEL
                        + "\",\"version\":1,\"parent_version\":null,\"trigger_id\":null,"
                        + "\"artifact_uri\":\"file:///tmp/driftline/poison-sketch/1/model.pt\","
                        + "\"sha256\":\""
                        + "ab".repeat(32)
                        + "\",\"metrics\":{\"accuracy\":0.9},\"stage\":\"production\","
                        + "\"reference_profile\":{\"sample_count\":100,\"features\":{"
                        + "\"x\":{\"kind\":\"numeric\",\"count\":100,\"missing\":0,\"sketch\":\""
                        + sketch
                        + "\",\"frequencies\":{},\"other_count\":0},"
                        + "\"c\":{\"kind\":\"categorical\",\"count\":100,\"missing\":0,\"sketch\":null,"
                        + "\"frequencies\":{\"a\":50,\"b\":50},\"other_count\":0}},"
                        + "\"baseline_performance\":{\"accuracy\":0.9}},"
                        + "\"published_at\":"
                        + now
                        + "}";
        List<Sent> out = new ArrayList<>();
        out.add(new Sent(modelUpdatesTopic, SKETCH_MODEL, null, utf8(published)));
        for (int i = 0; i < 20; i++) {
            String id = "semantic-sketch-" + i;
            String json =
                    "{\"event_id\":\""
                            + id
                            + "\",\"model\":\""
                            + SKETCH_MODEL
                            + "\",\"model_version\":\"1\",\"ts\":"
                            + now
                            + ",\"features\":{\"x\":"
                            + (i * 0.25)
                            + ",\"c\":\""
                            + (i % 3 == 0 ? "a" : "b")
                            + "\"},\"prediction\":"
                            + (i % 2)
                            + ",\"actual\":1}";
            out.add(new Sent(feedbackTopic, SKETCH_MODEL, id, utf8(json)));
        }
        return out;
    }

    /** A normal credit-risk event, except that its time is ten years ahead. */
    static HostileCorpus.Hostile farFuture(long now) {
        String id = "semantic-far-future";
        long ts = now + 3_653L * 24 * 3600 * 1000;
        String json =
                "{\"event_id\":\""
                        + id
                        + "\",\"model\":\"credit-risk\",\"model_version\":\"1\",\"ts\":"
                        + ts
                        + ",\"features\":{\"income\":50000.0,\"age\":40.0,\"debt_ratio\":0.3,"
                        + "\"region\":\"north\",\"channel\":\"web\"},\"prediction\":1,\"actual\":1}";
        return new HostileCorpus.Hostile("semantic-far-future", id, utf8(json));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
