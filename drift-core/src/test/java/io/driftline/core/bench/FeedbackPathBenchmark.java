package io.driftline.core.bench;

import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-event costs on the drift job's feedback path, for a feedback event of the throughput
 * workload's shape (10 numeric features, 1 categorical, about 380 bytes): the edge's parse and
 * validation ({@code contract.parse.feedback}), the source's event-time scan ({@code
 * contract.event_time.scan}) and the window summary's update ({@code window.observe}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FeedbackPathBenchmark {

    private static final int EVENTS = 1 << 10;

    private byte[][] payloads;
    private FeedbackEvent[] events;
    private WindowAccumulator window;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        payloads = new byte[EVENTS][];
        events = new FeedbackEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            Map<String, FeatureValue> features = new LinkedHashMap<>();
            for (int f = 0; f < 10; f++) {
                features.put("num_" + f, new FeatureValue.Numeric(random.nextGaussian() * 10));
            }
            features.put("region", new FeatureValue.Categorical("r" + random.nextInt(8)));
            events[i] =
                    new FeedbackEvent(
                            "evt-" + i,
                            "model-" + (i % 8),
                            "1",
                            1_700_000_000_000L + i,
                            features,
                            new FeatureValue.Numeric(random.nextInt(2)),
                            0.8,
                            i % 10 < 3 ? new FeatureValue.Numeric(random.nextInt(2)) : null,
                            Map.of());
            payloads[i] = EventJson.toJson(events[i]);
        }
        window = new WindowAccumulator(SummaryConfig.defaults());
        for (FeedbackEvent e : events) {
            window.observe(e.features(), e.prediction(), e.actual(), e.modelVersion());
        }
    }

    /** Strict UTF-8 check, parse and every contract rule of one event. */
    @Benchmark
    public Object parse() {
        next = (next + 1) & (EVENTS - 1);
        return EventJson.parse(payloads[next], FeedbackEvent.class, EventLimits.DEFAULTS);
    }

    /** The top-level {@code ts} of one payload, as the Kafka source reads it. */
    @Benchmark
    public long eventTimeScan() {
        next = (next + 1) & (EVENTS - 1);
        return EventJson.eventTime(payloads[next]);
    }

    /** One event into a warm window summary (sketches, frequencies, performance counts). */
    @Benchmark
    public WindowAccumulator observe() {
        next = (next + 1) & (EVENTS - 1);
        FeedbackEvent e = events[next];
        window.observe(e.features(), e.prediction(), e.actual(), e.modelVersion());
        return window;
    }
}
